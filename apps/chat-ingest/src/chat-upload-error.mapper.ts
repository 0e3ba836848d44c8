import { BadRequestException, ForbiddenException, NotFoundException, PayloadTooLargeException, UnauthorizedException, UnsupportedMediaTypeException } from '@nestjs/common';
import { ChatUploadError, ChatUploadErrorCode } from '@tributary/channel-chat';
import type { Response } from 'express';

/** An upload's refusal as its HTTP answer; anything else is left to the app's filter (a 500). */
export function chatUploadHttpError(error: unknown, response: Response): unknown {
  if (!(error instanceof ChatUploadError)) return error;
  switch (error.code) {
    case ChatUploadErrorCode.UnknownTenant:
      return new NotFoundException(error.message);
    case ChatUploadErrorCode.TokenInvalid:
      return new UnauthorizedException(error.message);
    case ChatUploadErrorCode.OriginNotAllowed:
      return new ForbiddenException(error.message);
    case ChatUploadErrorCode.TooLarge:
      // The rest of the body is not read: the connection closes after the answer.
      response.setHeader('Connection', 'close');
      return new PayloadTooLargeException(error.message);
    case ChatUploadErrorCode.TypeNotAllowed:
    case ChatUploadErrorCode.ContentMismatch:
      return new UnsupportedMediaTypeException(error.message);
    case ChatUploadErrorCode.NameInvalid:
      return new BadRequestException(error.message);
  }
}

