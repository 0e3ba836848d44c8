import { readFileSync } from 'node:fs';

export interface ConsoleAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

/*
 * The console's files, named by require.resolve so the image build (deploy/docker's closure
 * builder) ships them beside the compiled code, and read once: they never change while the router runs.
 */
const FILES = {
  'console.html': { path: require.resolve('./assets/console.html'), contentType: 'text/html; charset=utf-8' },
  'console.js': { path: require.resolve('./assets/console.js'), contentType: 'text/javascript; charset=utf-8' },
  'console.css': { path: require.resolve('./assets/console.css'), contentType: 'text/css; charset=utf-8' },
} as const;

export type ConsoleAssetName = keyof typeof FILES;

/** The page and its two assets; only these names are served, so no request path reaches the file system. */
export function loadConsoleAssets(): ReadonlyMap<string, ConsoleAsset> {
  return new Map(Object.entries(FILES).map(([name, file]) => [name, { contentType: file.contentType, body: readFileSync(file.path) }]));
}
