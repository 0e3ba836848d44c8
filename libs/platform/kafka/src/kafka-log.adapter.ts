import { logLevel, type logCreator } from 'kafkajs';
import type { JsonLogger, LogLevel } from '@tributary/platform-observability';

function toLevel(level: logLevel): LogLevel {
  switch (level) {
    // kafkajs logs every refused connection as an error, though it retries them; our own code
    // logs the failures that matter at error level.
    case logLevel.ERROR:
    case logLevel.NOTHING:
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
