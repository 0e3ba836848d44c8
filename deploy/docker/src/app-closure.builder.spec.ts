import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT, buildAppClosure } from './app-closure.builder';

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

it("ships the files the router's console serves, named by require.resolve, as they are", () => {
  const { files } = buildAppClosure('router', outDir);
  const assets = ['console.html', 'console.js', 'console.css'].map((name) => `libs/router/queue-api/src/console/assets/${name}`);
  expect(files).toEqual(expect.arrayContaining(assets));
  for (const asset of assets) expect(readFileSync(join(outDir, asset), 'utf8')).toBe(readFileSync(join(WORKSPACE_ROOT, asset), 'utf8'));
});

it('gives chat-ingest its migrate entry point and the widget inside its code, no file beside it', () => {
  const { files } = buildAppClosure('chat-ingest', outDir);
  expect(existsSync(join(outDir, 'main.js'))).toBe(true);
  expect(existsSync(join(outDir, 'migrate.main.js'))).toBe(true);
  expect(files).toContain('libs/channels/chat/src/widget/chat-widget.script.ts');
});
