/** Test helpers for channel libraries' specs; never imported by production code. */
export { mediaFetchFailure } from './media/media-fetch-failure.util';
