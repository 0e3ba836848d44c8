import { Reflector } from '@nestjs/core';

/**
 * The most bytes a controller or route reads from a request body, instead of HTTP_BODY_LIMIT_BYTES.
 * It is applied while the body is read, so it may be higher or lower than the shared default; a
 * request that declares a larger Content-Length is refused before a byte of its body is buffered.
 */
export const BodyLimit = Reflector.createDecorator<number>();
