import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAppClosure } from './app-closure.builder';

let outDir: string;
beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'tributary-closure-'));
});
afterEach(() => rmSync(outDir, { recursive: true, force: true }));

it("compiles only what the router's entry points reach: no specs, no test helpers, no other app", () => {
  const { files } = buildAppClosure('router', outDir);
  expect(files).toContain('apps/router/src/main.ts');
  expect(files).toContain('apps/router/src/migrate.main.ts');
  expect(files.some((file) => file.startsWith('libs/router/ticketing/'))).toBe(true);
  expect(files.filter((file) => file.endsWith('.spec.ts') || file.includes('/test/') || file.startsWith('libs/platform/testing/') || file.startsWith('deploy/'))).toEqual([]);
  expect(files.filter((file) => file.startsWith('apps/') && !file.startsWith('apps/router/'))).toEqual([]);
  expect(files.filter((file) => file.startsWith('libs/channels/'))).toEqual([]);
  expect(existsSync(join(outDir, 'main.js'))).toBe(true);
  expect(existsSync(join(outDir, 'migrate.main.js'))).toBe(true);
});

it('gives an app without a database no migrate entry point', () => {
  buildAppClosure('chat-ingest', outDir);
  expect(existsSync(join(outDir, 'main.js'))).toBe(true);
  expect(existsSync(join(outDir, 'migrate.main.js'))).toBe(false);
});
