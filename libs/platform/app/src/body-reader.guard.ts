import { BadRequestException, CanActivate, ExecutionContext, HttpException, Injectable, PayloadTooLargeException, type RawBodyRequest } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { json, urlencoded, type Request, type RequestHandler, type Response } from 'express';
import { BodyLimit } from './body-limit.decorator';

interface BodyParserError extends Error {
  readonly status: number;
  readonly type?: string;
}

/**
 * Reads JSON and form bodies into `req.body`, keeping the exact bytes as `req.rawBody` for
 * signature checks. It is a global guard rather than Express middleware because middleware runs
 * before routing and so cannot know a route's @BodyLimit; global guards run before the route's own
 * guards (which may verify `rawBody`) and pipes (which read `req.body`).
 */
@Injectable()
export class BodyReaderGuard implements CanActivate {
  private readonly parsersByLimit = new Map<number, readonly RequestHandler[]>();

  constructor(
    private readonly reflector: Reflector,
    private readonly defaultLimitBytes: number,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const limit = this.reflector.getAllAndOverride(BodyLimit, [context.getHandler(), context.getClass()]) ?? this.defaultLimitBytes;
    const request = http.getRequest<Request>();
    if (declaredLength(request) > limit) {
      // body-parser would answer only after reading the whole body (to keep the connection): a client
      // declaring a gigabyte holds the route until the request deadline. Refuse from the header, and
      // close the connection rather than drain what the client still sends.
      http.getResponse<Response>().setHeader('Connection', 'close');
      throw tooLarge(limit);
    }
    for (const parser of this.parsersFor(limit)) {
      try {
        await runParser(parser, request, http.getResponse<Response>());
      } catch (error) {
        throw toHttpException(error, limit);
      }
    }
    return true;
  }

  private parsersFor(limit: number): readonly RequestHandler[] {
    let parsers = this.parsersByLimit.get(limit);
    if (!parsers) {
      // The same two parsers (and options) Nest registers by default, plus the limit and the raw bytes.
      parsers = [json({ limit, verify: keepRawBody }), urlencoded({ extended: true, limit, verify: keepRawBody })];
      this.parsersByLimit.set(limit, parsers);
    }
    return parsers;
  }
}

function keepRawBody(request: RawBodyRequest<Request>, _response: Response, raw: Buffer): void {
  request.rawBody = raw;
}

function runParser(parser: RequestHandler, request: Request, response: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    // A parser that skips the request (no body, other content type) calls next() without an error.
    void parser(request, response, (error?: unknown) => {
      if (error === undefined || error === null) resolve();
      // Express parsers only ever pass errors; anything else would be a bug worth a 500.
      else reject(error instanceof Error ? error : new Error('body parser failed without an error'));
    });
  });
}

function declaredLength(request: Request): number {
  const header = request.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : 0;
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`request body is larger than this route accepts (${limit} bytes)`);
}

function toHttpException(error: unknown, limit: number): unknown {
  if (!isBodyParserError(error)) return error;
  if (error.type === 'entity.too.large') return tooLarge(limit);
  if (error.type === 'entity.parse.failed') return new BadRequestException(`malformed request body: ${error.message}`);
  // Other refusals of the client's request (unsupported charset or encoding, aborted upload) keep their status.
  return error.status >= 400 && error.status < 500 ? new HttpException(error.message, error.status) : error;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as Partial<BodyParserError>).status === 'number';
}
