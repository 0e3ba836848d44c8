import { LoggerService } from '@nestjs/common';
import { SecretMasker } from './secret-masker';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  readonly app: string;
  readonly level: LogLevel;
  /** Values masked in every line (passwords, credentialed URLs, tokens), by SecretMasker's rule. */
  readonly secrets?: readonly string[];
  readonly write?: (line: string) => void;
}

export type LogFields = Record<string, unknown>;

/**
 * One JSON object per line, for log shippers. Secrets are masked on the final serialized line, so a
 * secret can't slip through a nested field, an error message or a stack trace. A secret too short to
 * be masked inside text without masking ordinary words is reported once, at start, as a warning.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;
  private readonly masker: SecretMasker;
  private readonly write: (line: string) => void;

  constructor(private readonly options: JsonLoggerOptions) {
    this.threshold = LEVEL_RANK[options.level];
    this.masker = new SecretMasker(options.secrets ?? []);
    this.write = options.write ?? ((line) => process.stdout.write(line));
    if (this.masker.weakCount > 0) {
      this.event('warn', 'JsonLogger', 'secret values shorter than the masking minimum are masked only in URLs and as whole values, not inside other text: use longer secrets', {
        weakSecretValues: this.masker.weakCount,
        minimumLength: SecretMasker.MIN_SUBSTRING_LENGTH,
      });
    }
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
    const line = JSON.stringify({ time: new Date().toISOString(), app: this.options.app, ...entry }, errorReplacer);
    this.write(`${this.masker.mask(line)}\n`);
  }
}

function toFields(message: unknown): LogFields {
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) return { ...(message as LogFields) };
  return { msg: typeof message === 'string' ? message : JSON.stringify(message) };
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
