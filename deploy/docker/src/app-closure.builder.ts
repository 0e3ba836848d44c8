import { transformFileSync, type Options } from '@swc/core';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');

/** The deployables; each becomes one image whose working directory holds main.js (and migrate.main.js). */
export const APPS = ['router', 'email-ingest', 'voice-ingest', 'chat-ingest', 'social-ingest'] as const;
export type AppName = (typeof APPS)[number];

export function isAppName(value: string): value is AppName {
  return (APPS as readonly string[]).includes(value);
}

interface TsconfigBase {
  readonly compilerOptions: { readonly paths: Record<string, string[]> };
}

/*
 * The same swc settings the apps run with in development (tools/run.js, jest.preset.js): decorator
 * metadata for Nest, class names kept for its injection tokens. Path aliases (@tributary/*) are
 * rewritten to relative requires, so the output needs no loader and no tsconfig at run time.
 */
function swcOptions(): Options {
  const base = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'tsconfig.base.json'), 'utf8')) as TsconfigBase;
  return {
    swcrc: false,
    sourceMaps: false,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      baseUrl: WORKSPACE_ROOT,
      paths: base.compilerOptions.paths,
    },
    module: { type: 'commonjs' },
  };
}

// A module's own files (the router's console page) are named with require.resolve: shipped too.
// swc writes the requires it rewrites with double quotes and leaves require.resolve's as written.
const RELATIVE_REQUIRE = /require(?:\.resolve)?\((["'])(\.\.?\/[^"']*)\1\)/g;

/** The source file a relative require names: a .ts file, a directory's index.ts, or a file as it is (JSON, a page's assets). */
function resolveSource(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(WORKSPACE_ROOT, fromFile)} requires ${specifier}, which resolves to no source file`);
}

function outputPath(outDir: string, source: string): string {
  return join(outDir, relative(WORKSPACE_ROOT, source).replace(/\.ts$/, '.js'));
}

export interface ClosureResult {
  /** Workspace-relative source files compiled or copied into the output. */
  readonly files: readonly string[];
}

/**
 * Compiles exactly what an app's entry points reach (following relative requires after the alias
 * rewrite), keeping the workspace's layout so every relative require stays valid, and writes
 * `main.js` / `migrate.main.js` at the top. Specs, test helpers and other apps are never reached, so
 * never shipped. npm packages are not included: the image installs production dependencies apart.
 */
export function buildAppClosure(app: AppName, outDir: string): ClosureResult {
  const options = swcOptions();
  const entries = ['main.ts', 'migrate.main.ts']
    .map((entry) => join(WORKSPACE_ROOT, 'apps', app, 'src', entry))
    .filter((entry) => existsSync(entry));
  const seen = new Set<string>();
  const queue = [...entries];
  for (let source = queue.pop(); source !== undefined; source = queue.pop()) {
    if (seen.has(source)) continue;
    seen.add(source);
    const target = outputPath(outDir, source);
    mkdirSync(dirname(target), { recursive: true });
    if (!source.endsWith('.ts')) {
      copyFileSync(source, target);
      continue;
    }
    const { code } = transformFileSync(source, { ...options, filename: source });
    writeFileSync(target, code);
    for (const match of code.matchAll(RELATIVE_REQUIRE)) {
      const specifier = match[2];
      if (specifier !== undefined) queue.push(resolveSource(source, specifier));
    }
  }
  for (const entry of entries) {
    const name = entry.endsWith('migrate.main.ts') ? 'migrate.main.js' : 'main.js';
    writeFileSync(join(outDir, name), `'use strict';\nrequire('./${relative(WORKSPACE_ROOT, entry).replace(/\.ts$/, '.js')}');\n`);
  }
  return { files: [...seen].map((file) => relative(WORKSPACE_ROOT, file)).sort() };
}
