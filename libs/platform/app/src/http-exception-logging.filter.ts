import { Catch, HttpException, HttpStatus, IntrinsicException, type ArgumentsHost, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import type { JsonLogger } from '@tributary/platform-observability';
import type { Request } from 'express';
import { STATUS_CODES } from 'node:http';

interface Answer {
  readonly status: number;
  readonly body: object;
}

/** An error from the `http-errors` family (Express, body parsers): it carries the status it means. */
interface HttpError extends Error {
  readonly statusCode: number;
  readonly expose?: boolean;
}

/**
 * The app's last exception filter (routes' own filters come first). It answers exactly as Nest's
 * default filter does, and logs by who was at fault: a 4xx is the client's, so it is a warning
 * without a stack trace (the trace would point at our code, which did its job); a 5xx is ours, so
 * it is an error with the stack. Nest's default logs every error that is not an HttpException at
 * error level with its stack, 4xx included, and never logs an HttpException, 5xx included.
 */
@Catch()
export class HttpExceptionLoggingFilter implements ExceptionFilter {
  constructor(
    private readonly http: HttpServer,
    private readonly logger: JsonLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const answer = answerFor(exception);
    const context = host.switchToHttp();
    const response: unknown = context.getResponse();
    if (this.http.isHeadersSent(response)) this.http.end(response);
    else this.http.reply(response, answer.body, answer.status);
    this.log(exception, answer.status, context.getRequest<Request | undefined>());
  }

  private log(exception: unknown, status: number, request: Request | undefined): void {
    // Nest's own marker for errors that must not be logged, which its default filter honours too.
    if (exception instanceof IntrinsicException && !(exception instanceof HttpException)) return;
    const where = { status, method: request?.method, path: request?.originalUrl?.split('?')[0] };
    const message = exception instanceof Error ? exception.message : String(exception);
    if (status < 500) {
      this.logger.event('warn', 'ExceptionsHandler', message, { ...where, error: exception instanceof Error ? exception.name : typeof exception });
    } else {
      this.logger.event('error', 'ExceptionsHandler', message, { ...where, error: exception });
    }
  }
}

/** What Nest's BaseExceptionFilter would answer, so clients see no difference. */
function answerFor(exception: unknown): Answer {
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    return { status: exception.getStatus(), body: typeof response === 'object' ? response : { statusCode: exception.getStatus(), message: response } };
  }
  if (isHttpError(exception)) {
    // `expose: false` (5xx, file-system errors) means the message is not for the client.
    const message = exception.expose === false ? (STATUS_CODES[exception.statusCode] ?? 'Internal server error') : exception.message;
    return { status: exception.statusCode, body: { statusCode: exception.statusCode, message } };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' } };
}

function isHttpError(exception: unknown): exception is HttpError {
  if (!(exception instanceof Error)) return false;
  const { statusCode } = exception as Partial<HttpError>;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600 && exception.message !== '';
}
