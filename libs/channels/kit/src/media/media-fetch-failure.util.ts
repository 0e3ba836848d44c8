import { MediaFetchError } from './media-fetch.error';

/** For tests: the MediaFetchError a fetch fails with, or a failure of the test when it fails otherwise or not at all. */
export async function mediaFetchFailure(promise: Promise<unknown>): Promise<MediaFetchError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof MediaFetchError)) throw new Error(`expected a MediaFetchError, got ${String(error)}`);
  return error;
}
