import { DeadLetterErrorCode, DeadLetterOperationError } from './dead-letter-operation.error';

/** Where a record sits on the dead-letter topic; written `<partition>:<offset>`, e.g. `3:1042`. */
export interface DeadLetterId {
  readonly partition: number;
  readonly offset: bigint;
}

const ID = /^(\d{1,9}):(\d{1,19})$/;

export function formatDeadLetterId(id: DeadLetterId): string {
  return `${id.partition}:${id.offset}`;
}

/** Reads `<partition>:<offset>`; throws InvalidId naming what was given. */
export function parseDeadLetterId(text: string): DeadLetterId {
  const match = ID.exec(text.trim());
  const offset = match?.[2] === undefined ? undefined : BigInt(match[2]);
  if (!match?.[1] || offset === undefined || offset > 2n ** 63n - 1n) {
    throw new DeadLetterOperationError(DeadLetterErrorCode.InvalidId, `"${text.slice(0, 64)}" is not a dead-letter id (<partition>:<offset>, e.g. 3:1042)`);
  }
  return { partition: Number(match[1]), offset };
}
