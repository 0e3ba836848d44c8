import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BOUNDARY_RULE, type VirtualFile, type VirtualLintMessage, type VirtualLintReport } from './virtual-lint.report';

const ROOT = resolve(__dirname, '..', '..');

/** A tag rule refused the import; where the graph knows the reverse edge, Nx reports the cycle instead. */
const TAGS = ['onlyTagsConstraintViolation', 'notTagsConstraintViolation'];
const TAGS_OR_CYCLE = [...TAGS, 'noCircularDependencies'];

interface BoundaryCase {
  readonly name: string;
  readonly file: string;
  readonly imports: string;
  /** The messageIds that may refuse it; none means the import is allowed. */
  readonly refusedBy?: readonly string[];
}

const CASES: readonly BoundaryCase[] = [
  // Channel libraries never import each other; what they share is the kit.
  { name: 'channel-email importing channel-voice', file: 'libs/channels/email/src/probe.ts', imports: '@tributary/channel-voice', refusedBy: TAGS },
  { name: 'channel-voice importing channel-email', file: 'libs/channels/voice/src/probe.ts', imports: '@tributary/channel-email', refusedBy: TAGS },
  { name: 'a channel-email test importing channel-voice', file: 'libs/channels/email/src/probe.spec.ts', imports: '@tributary/channel-voice/testing', refusedBy: TAGS },
  { name: 'channel-voice importing channel-kit', file: 'libs/channels/voice/src/probe.ts', imports: '@tributary/channel-kit' },
  { name: 'channel-email importing platform-identity', file: 'libs/channels/email/src/probe.ts', imports: '@tributary/platform-identity' },
  { name: 'channel-email importing the router', file: 'libs/channels/email/src/probe.ts', imports: '@tributary/router-domain', refusedBy: TAGS },
  // The kit knows no channel and no router; platform and contracts know neither.
  { name: 'channel-kit importing channel-voice', file: 'libs/channels/kit/src/probe.ts', imports: '@tributary/channel-voice', refusedBy: TAGS_OR_CYCLE },
  { name: 'channel-kit importing router-domain', file: 'libs/channels/kit/src/probe.ts', imports: '@tributary/router-domain', refusedBy: TAGS },
  { name: 'channel-kit importing platform-spool', file: 'libs/channels/kit/src/probe.ts', imports: '@tributary/platform-spool' },
  { name: 'platform-kafka importing channel-kit', file: 'libs/platform/kafka/src/probe.ts', imports: '@tributary/channel-kit', refusedBy: TAGS_OR_CYCLE },
  { name: 'contracts importing platform-identity', file: 'libs/contracts/src/probe.ts', imports: '@tributary/platform-identity', refusedBy: TAGS_OR_CYCLE },
  // The router's layers: domain ← persistence ← ticketing ← queue-api.
  { name: 'router-domain importing router-ticketing', file: 'libs/router/domain/src/probe.ts', imports: '@tributary/router-ticketing', refusedBy: TAGS_OR_CYCLE },
  { name: 'router-domain importing router-persistence', file: 'libs/router/domain/src/probe.ts', imports: '@tributary/router-persistence', refusedBy: TAGS },
  { name: 'router-domain importing platform-kafka', file: 'libs/router/domain/src/probe.ts', imports: '@tributary/platform-kafka', refusedBy: TAGS },
  { name: 'router-persistence importing router-ticketing', file: 'libs/router/persistence/src/probe.ts', imports: '@tributary/router-ticketing', refusedBy: TAGS_OR_CYCLE },
  { name: 'router-ticketing importing router-queue-api', file: 'libs/router/ticketing/src/probe.ts', imports: '@tributary/router-queue-api', refusedBy: TAGS_OR_CYCLE },
  { name: 'router-ticketing importing channel-kit', file: 'libs/router/ticketing/src/probe.ts', imports: '@tributary/channel-kit', refusedBy: TAGS },
  { name: 'router-ticketing importing router-persistence', file: 'libs/router/ticketing/src/probe.ts', imports: '@tributary/router-persistence' },
  { name: 'router-ticketing importing platform-identity', file: 'libs/router/ticketing/src/probe.ts', imports: '@tributary/platform-identity' },
  { name: 'router-queue-api importing router-ticketing', file: 'libs/router/queue-api/src/probe.ts', imports: '@tributary/router-ticketing' },
  // An app imports its own libraries, the shared ones, and never another family's.
  { name: 'voice-ingest importing channel-email', file: 'apps/voice-ingest/src/probe.ts', imports: '@tributary/channel-email', refusedBy: TAGS },
  { name: 'email-ingest importing router-ticketing', file: 'apps/email-ingest/src/probe.ts', imports: '@tributary/router-ticketing', refusedBy: TAGS },
  { name: 'chat-ingest importing channel-voice', file: 'apps/chat-ingest/src/probe.ts', imports: '@tributary/channel-voice', refusedBy: TAGS },
  { name: 'the router app importing channel-kit', file: 'apps/router/src/probe.ts', imports: '@tributary/channel-kit', refusedBy: TAGS },
  { name: 'voice-ingest importing another app by path', file: 'apps/voice-ingest/src/probe.ts', imports: '../../email-ingest/src/email-ingest.app', refusedBy: ['noRelativeOrAbsoluteImportsAcrossLibraries', 'noImportsOfApps'] },
  { name: 'voice-ingest importing channel-voice', file: 'apps/voice-ingest/src/probe.ts', imports: '@tributary/channel-voice' },
  { name: 'email-ingest importing channel-kit', file: 'apps/email-ingest/src/probe.ts', imports: '@tributary/channel-kit' },
  { name: 'the router app importing router-queue-api', file: 'apps/router/src/probe.ts', imports: '@tributary/router-queue-api' },
  // Test helpers and the local stack are for tests only.
  { name: 'channel-voice production code importing platform-testing', file: 'libs/channels/voice/src/probe.ts', imports: '@tributary/platform-testing', refusedBy: TAGS },
  { name: 'a channel-voice test importing platform-testing', file: 'libs/channels/voice/src/probe.spec.ts', imports: '@tributary/platform-testing' },
  { name: 'voice-ingest production code importing the local stack', file: 'apps/voice-ingest/src/probe.ts', imports: '@tributary/local-stack', refusedBy: TAGS },
  { name: 'a voice-ingest integration suite importing the local stack', file: 'apps/voice-ingest/test/probe.integration.spec.ts', imports: '@tributary/local-stack' },
];

function virtualFile({ file, imports }: BoundaryCase): VirtualFile {
  return { filePath: file, code: `import { probe } from '${imports}';\n\nexport const used = probe;\n` };
}

/** Runs tools/lint/virtual-lint.cli.ts once for every case (it needs a process of its own). */
function lintAll(files: readonly VirtualFile[]): VirtualLintReport {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-boundaries-'));
  try {
    writeFileSync(join(dir, 'files.json'), JSON.stringify(files));
    const run = spawnSync(process.execPath, ['tools/run.js', 'tools/lint/virtual-lint.cli.ts', join(dir, 'files.json'), join(dir, 'report.json')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`virtual-lint.cli.ts exited with ${String(run.status)}: ${run.stderr}${run.stdout}`);
    return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as VirtualLintReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface DepConstraint {
  readonly sourceTag: string;
  readonly onlyDependOnLibsWithTags?: readonly string[];
  readonly notDependOnLibsWithTags?: readonly string[];
}

function constraintsOf(options: unknown): DepConstraint[] {
  const [, settings] = options as [unknown, { depConstraints: DepConstraint[] }];
  return settings.depConstraints;
}

describe('module boundaries (eslint.config.mjs)', () => {
  let report: VirtualLintReport;

  beforeAll(() => {
    report = lintAll(CASES.map(virtualFile));
  }, 120_000);

  const boundaryMessages = (index: number): readonly VirtualLintMessage[] => {
    const messages = report.results[index] ?? [];
    // A parse error or a skipped rule would make every "allowed" case pass for the wrong reason.
    expect(messages.filter((message) => message.ruleId !== BOUNDARY_RULE)).toEqual([]);
    return messages;
  };

  it.each(CASES.map((boundaryCase, index) => [boundaryCase.name, boundaryCase, index] as const))('%s', (_name, boundaryCase, index) => {
    const messages = boundaryMessages(index);
    if (!boundaryCase.refusedBy) {
      expect(messages).toEqual([]);
      return;
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]?.ruleId).toBe(BOUNDARY_RULE);
    expect(boundaryCase.refusedBy).toContain(messages[0]?.messageId);
  });

  it('sees the graph: the rule is not silently skipped for want of a cached project graph', () => {
    expect(report.projects.map((project) => project.name)).toEqual(expect.arrayContaining(['channel-email', 'channel-kit', 'router-domain', 'voice-ingest']));
  });

  it('gives every project exactly one scope and one type, each of them constrained', () => {
    const constrained = new Set(constraintsOf(report.productionOptions).map((constraint) => constraint.sourceTag));
    for (const project of report.projects) {
      const scopes = project.tags.filter((tag) => tag.startsWith('scope:'));
      const types = project.tags.filter((tag) => tag.startsWith('type:'));
      expect({ project: project.name, scopes: scopes.length, types: types.length }).toEqual({ project: project.name, scopes: 1, types: 1 });
      for (const tag of project.tags) expect({ project: project.name, tag, constrained: constrained.has(tag) }).toEqual({ project: project.name, tag, constrained: true });
    }
  });

  it('lets tests use what production code may, plus the test helpers, and nothing else', () => {
    const production = constraintsOf(report.productionOptions);
    const tests = constraintsOf(report.testOptions);
    expect(tests).toEqual(
      production.map((constraint) =>
        constraint.onlyDependOnLibsWithTags ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] } : constraint,
      ),
    );
  });
});
