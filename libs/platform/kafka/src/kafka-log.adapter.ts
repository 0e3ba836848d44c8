import { logLevel, type logCreator } from 'kafkajs';
import type { JsonLogger, LogLevel } from '@tributary/platform-observability';

function toLevel(level: logLevel): LogLevel {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
  }
}

/** Routes kafkajs' own logs into the app's JSON log. */
export function kafkaLogCreator(logger: JsonLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      logger.event(toLevel(level), namespace ? `kafkajs.${namespace}` : 'kafkajs', message, fields);
    };
}
