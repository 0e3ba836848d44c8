import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { VirtualFile, VirtualLintReport } from '../lint/virtual-lint.report';

const ROOT = resolve(__dirname, '..', '..');
/** A channel library whose tags the boundary rule judges the generated files by (see `boundaryLint`). */
const VIRTUAL_HOME = 'libs/channels/voice';
/** Bounds every child process, so a hung one fails the test with its output instead of stalling the run. */
const CHILD_TIMEOUT_MS = 150_000;

/** Providers generated into one scratch library: the first writes the registry, the others add a line; chat and email are the identity kinds with extra code. */
const GENERATED = [
  { provider: 'whatsapp-cloud', channel: 'whatsapp' },
  { provider: 'chat', channel: 'chat' },
  { provider: 'imap', channel: 'email' },
] as const;

interface ChildResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs `node <args>` from the repository root, never throwing: the test asserts on the status and shows the output. */
function node(args: readonly string[]): Promise<ChildResult> {
  // A child jest must not take this worker's identity; Nx must not start a daemon for a test.
  const { JEST_WORKER_ID: _worker, ...env } = process.env;
  return new Promise((done) => {
    execFile(
      process.execPath,
      [...args],
      { cwd: ROOT, env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' }, timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ status, output: `${stdout}${stderr}${error && status === null ? `\n${error.message}` : ''}` });
      },
    );
  });
}

/** Asserts a child exited 0, showing what it printed when it did not. */
function expectSuccess(name: string, result: ChildResult): void {
  expect({ step: name, status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({ step: name, status: 0, output: '' });
}

/**
 * A scratch channel library under .local/, which no project's tsconfig, lint target or jest config
 * includes and Nx does not see (.local is git-ignored), so `nx run-many` running beside this test
 * is untouched by it. Its own tsconfig extends tsconfig.base.json like every library's.
 */
function createScratchLibrary(): { readonly dir: string; readonly channelsDir: string; readonly lib: string } {
  const parent = join(ROOT, '.local', 'generator-scratch');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'run-'));
  const channelsDir = join(dir, 'libs', 'channels');
  const lib = join(channelsDir, 'scratch');
  mkdirSync(join(lib, 'src'), { recursive: true });
  writeFileSync(join(lib, 'src', 'index.ts'), "export const SCRATCH_LIBRARY = 'scratch';\n");
  const base = relative(lib, join(ROOT, 'tsconfig.base.json'));
  const tsconfig = {
    extends: base,
    compilerOptions: { noEmit: true, types: ['node', 'jest'] },
    include: ['**/*.ts'],
    // The base excludes .local relative to itself, which would exclude this whole library.
    exclude: [],
  };
  writeFileSync(join(lib, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const preset = relative(lib, join(ROOT, 'jest.preset.js'));
  writeFileSync(join(lib, 'jest.config.js'), `'use strict';\nconst { unitConfig } = require('${preset}');\n\nmodule.exports = unitConfig(__dirname, 'generated-providers');\n`);
  return { dir, channelsDir, lib };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));
}

/**
 * The boundary rule judges a file by the Nx project it belongs to and skips files of none, as the
 * scratch library is. So the generated text is linted a second time as if it sat in a real channel
 * library, by tools/lint/virtual-lint.cli.ts (its own process: ESLint loads its config with import(),
 * which jest's sandbox refuses), which reports that rule alone.
 */
async function boundaryLint(libSrc: string, work: string): Promise<{ result: ChildResult; report?: VirtualLintReport; files: readonly VirtualFile[] }> {
  const files = sourceFiles(libSrc).map((path) => ({ filePath: join(VIRTUAL_HOME, 'src', relative(libSrc, path)), code: readFileSync(path, 'utf8') }));
  writeFileSync(join(work, 'files.json'), JSON.stringify(files));
  const result = await node(['tools/run.js', 'tools/lint/virtual-lint.cli.ts', join(work, 'files.json'), join(work, 'report.json')]);
  if (result.status !== 0) return { result, files };
  return { result, files, report: JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as VirtualLintReport };
}

describe('tools/generators/new-provider.cli.ts', () => {
  it('prints its usage with --help', async () => {
    const result = await node(['tools/run.js', 'tools/generators/new-provider.cli.ts', '--help']);
    expect(result.status).toBe(0);
    expect(result.output).toMatch(/^usage: node tools\/run\.js tools\/generators\/new-provider\.cli\.ts <channel-lib> <provider>/);
  }, CHILD_TIMEOUT_MS);

  it('refuses a provider InboundMessage v1 does not know, with exit code 2 and the reason', async () => {
    const result = await node(['tools/run.js', 'tools/generators/new-provider.cli.ts', 'social', 'acme-sms']);
    expect(result.status).toBe(2);
    expect(result.output).toContain('"acme-sms" is not a provider InboundMessage v1 knows');
  }, CHILD_TIMEOUT_MS);

  it('writes provider folders that pass type-check, lint (boundaries included) and their own specs', async () => {
    const scratch = createScratchLibrary();
    const libSrc = join(scratch.lib, 'src');
    try {
      // One after the other: the first writes the registry, the next ones add their line to it.
      for (const { provider, channel } of GENERATED) {
        const args = ['scratch', provider, '--channel', channel, '--channels-dir', scratch.channelsDir];
        expectSuccess(`generate ${provider}`, await node(['tools/run.js', 'tools/generators/new-provider.cli.ts', ...args]));
      }
      expect(readFileSync(join(libSrc, 'providers.ts'), 'utf8')).toMatch(/= \[\n {2}whatsappCloudProvider,\n {2}chatProvider,\n {2}imapProvider,\n\];/);

      // Independent checks, run side by side to keep the test short.
      const results = join(scratch.dir, 'jest.json');
      const [typecheck, lint, boundaries, specs] = await Promise.all([
        node(['node_modules/typescript/bin/tsc', '-p', join(scratch.lib, 'tsconfig.json')]),
        // .local/** is ignored by eslint.config.mjs; --no-ignore lifts only that, every rule still applies.
        node(['node_modules/eslint/bin/eslint.js', '--no-ignore', '--max-warnings', '0', libSrc]),
        boundaryLint(libSrc, scratch.dir),
        node(['node_modules/jest/bin/jest.js', '-c', join(scratch.lib, 'jest.config.js'), '--ci', '--json', `--outputFile=${results}`]),
      ]);
      expectSuccess('tsc', typecheck);
      expectSuccess('eslint', lint);
      expectSuccess('boundary lint', boundaries.result);
      const home = boundaries.report?.projects.find((project) => project.root === VIRTUAL_HOME);
      // The rule judged them as a channel library's files, and not one import crossed a boundary.
      expect(home?.tags).toContain('type:channel');
      expect(boundaries.report?.results).toHaveLength(boundaries.files.length);
      expect(boundaries.report?.results.flat()).toEqual([]);
      expectSuccess('generated specs', specs);
      const totals = JSON.parse(readFileSync(results, 'utf8')) as { numPassedTestSuites: number; numFailedTests: number };
      expect({ suites: totals.numPassedTestSuites, failed: totals.numFailedTests }).toEqual({ suites: GENERATED.length, failed: 0 });
    } finally {
      rmSync(scratch.dir, { recursive: true, force: true });
    }
  }, 4 * CHILD_TIMEOUT_MS);
});
