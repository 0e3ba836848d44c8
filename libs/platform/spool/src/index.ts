export { FileSpool } from './file-spool';
export type { FileSpoolOptions } from './file-spool';
export type { SpoolEntry } from './spool-entry';
export { SpoolFullError } from './spool-full.error';
