import { LoggerService } from '@nestjs/common';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  readonly app: string;
  readonly level: LogLevel;
  /** Values masked wherever they appear in a line (passwords, credentialed URLs, tokens). */
  readonly secrets?: readonly string[];
  readonly write?: (line: string) => void;
}

export type LogFields = Record<string, unknown>;

/**
 * One JSON object per line, for log shippers. Secrets are masked on the final serialized line, so a
 * secret can't slip through a nested field, an error message or a stack trace.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;
  private readonly maskedSecrets: readonly string[];
  private readonly write: (line: string) => void;

  constructor(private readonly options: JsonLoggerOptions) {
    this.threshold = LEVEL_RANK[options.level];
    this.maskedSecrets = [...new Set((options.secrets ?? []).filter((s) => s.length >= 4))]
      .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
      .sort((a, b) => b.length - a.length);
    this.write = options.write ?? ((line) => process.stdout.write(line));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }

  /** Structured entry point for our own code: a message plus fields. */
  event(level: LogLevel, context: string, msg: string, fields: LogFields = {}): void {
    if (LEVEL_RANK[level] < this.threshold) return;
    this.writeEntry({ level, context, msg, ...fields });
  }

  private emit(level: LogLevel, message: unknown, params: unknown[]): void {
    if (LEVEL_RANK[level] < this.threshold) return;
    // Nest passes the context as the last string parameter, and for errors a stack before it.
    const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const stack = level === 'error' && params.length >= 2 && typeof params[0] === 'string' ? params[0] : undefined;
    const fields = message instanceof Error ? { msg: message.message, stack: message.stack } : toFields(message);
    this.writeEntry({ level, context, ...fields, ...(stack ? { stack } : {}) });
  }

  private writeEntry(entry: LogFields): void {
    let line = JSON.stringify({ time: new Date().toISOString(), app: this.options.app, ...entry }, errorReplacer);
    for (const secret of this.maskedSecrets) line = line.split(secret).join('[redacted]');
    this.write(`${line}\n`);
  }
}

function toFields(message: unknown): LogFields {
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) return { ...(message as LogFields) };
  return { msg: typeof message === 'string' ? message : JSON.stringify(message) };
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
