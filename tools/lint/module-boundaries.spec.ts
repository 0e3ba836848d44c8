import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BOUNDARY_RULE, IMPORT_RULE, type VirtualFile, type VirtualLintMessage, type VirtualLintReport } from './virtual-lint.report';

const ROOT = resolve(__dirname, '..', '..');

/** A tag rule refused the import; where the graph knows the reverse edge, Nx reports the cycle instead. */
const TAGS = ['onlyTagsConstraintViolation', 'notTagsConstraintViolation'];
const TAGS_OR_CYCLE = [...TAGS, 'noCircularDependencies'];
/** A project imported by path (the e2e harness has no alias: nothing is meant to import it). */
const BY_PATH = ['noRelativeOrAbsoluteImportsAcrossLibraries'];
/** no-restricted-imports refused it: anything of ours in contracts, or an entry point the tags cannot tell apart. */
const RESTRICTED = ['patternWithCustomMessage'];

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
  { name: 'contracts importing platform-identity', file: 'libs/contracts/src/probe.ts', imports: '@tributary/platform-identity', refusedBy: [...TAGS_OR_CYCLE, ...RESTRICTED] },
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
  { name: 'platform-kafka production code importing the local stack', file: 'libs/platform/kafka/src/probe.ts', imports: '@tributary/local-stack', refusedBy: TAGS },
  // The fault oracle is a test helper shared by the router's fault suite and the e2e harness.
  { name: 'the fault oracle importing the local stack', file: 'libs/testing/fault-oracle/src/probe.ts', imports: '@tributary/local-stack' },
  { name: 'the fault oracle importing platform-testing', file: 'libs/testing/fault-oracle/src/probe.ts', imports: '@tributary/platform-testing' },
  { name: 'the fault oracle importing router-persistence', file: 'libs/testing/fault-oracle/src/probe.ts', imports: '@tributary/router-persistence', refusedBy: TAGS },
  { name: 'the fault oracle importing channel-voice/testing', file: 'libs/testing/fault-oracle/src/probe.ts', imports: '@tributary/channel-voice/testing', refusedBy: TAGS },
  { name: 'router production code importing the fault oracle', file: 'apps/router/src/probe.ts', imports: '@tributary/fault-oracle', refusedBy: TAGS },
  { name: 'a router fault suite importing the fault oracle', file: 'apps/router/test/faults/probe.integration.spec.ts', imports: '@tributary/fault-oracle' },
  // The e2e harness (tools/rollout) drives every channel family through its test entry point, and
  // the shared test helpers; never the router's internals, never tooling; nothing imports it.
  { name: 'the e2e harness importing channel-voice/testing', file: 'tools/rollout/probe.ts', imports: '@tributary/channel-voice/testing' },
  { name: 'the e2e harness importing channel-social/testing', file: 'tools/rollout/probe.ts', imports: '@tributary/channel-social/testing' },
  { name: 'the e2e harness importing channel-email/testing', file: 'tools/rollout/probe.ts', imports: '@tributary/channel-email/testing' },
  { name: 'the e2e harness importing the fault oracle', file: 'tools/rollout/probe.ts', imports: '@tributary/fault-oracle' },
  { name: 'the e2e harness importing the local stack', file: 'tools/rollout/probe.ts', imports: '@tributary/local-stack' },
  { name: 'the e2e harness importing platform-kafka', file: 'tools/rollout/probe.ts', imports: '@tributary/platform-kafka' },
  { name: 'the e2e harness importing channel-voice production code', file: 'tools/rollout/probe.ts', imports: '@tributary/channel-voice', refusedBy: RESTRICTED },
  { name: 'the e2e harness importing channel-kit', file: 'tools/rollout/probe.ts', imports: '@tributary/channel-kit', refusedBy: TAGS },
  { name: 'the e2e harness importing router-ticketing', file: 'tools/rollout/probe.ts', imports: '@tributary/router-ticketing', refusedBy: TAGS },
  { name: 'an e2e harness test importing router-queue-api', file: 'tools/rollout/probe.spec.ts', imports: '@tributary/router-queue-api', refusedBy: TAGS },
  { name: 'the router app importing the e2e harness', file: 'apps/router/src/probe.ts', imports: '../../../tools/rollout/rollout-verdict', refusedBy: BY_PATH },
  { name: 'a router integration suite importing the e2e harness', file: 'apps/router/test/probe.integration.spec.ts', imports: '../../../tools/rollout/rolling-restart', refusedBy: BY_PATH },
  { name: 'the router bench importing the e2e harness', file: 'tools/bench/probe.ts', imports: '../rollout/rolling-restart', refusedBy: BY_PATH },
  // A channel's benchmark sends what its provider sends: the channel library's test entry point only.
  { name: 'the social webhook bench importing channel-social/testing', file: 'tools/bench/social/probe.ts', imports: '@tributary/channel-social/testing' },
  { name: 'the social webhook bench importing channel-social production code', file: 'tools/bench/social/probe.ts', imports: '@tributary/channel-social', refusedBy: RESTRICTED },
  { name: 'the social webhook bench importing channel-kit', file: 'tools/bench/social/probe.ts', imports: '@tributary/channel-kit', refusedBy: TAGS },
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

/** Whether the constraints refuse a project tagged `sourceTags` a dependency on one tagged `targetTags` (as Nx reads them). */
function refuses(constraints: readonly DepConstraint[], sourceTags: readonly string[], targetTags: readonly string[]): boolean {
  return constraints
    .filter((constraint) => constraint.sourceTag === '*' || sourceTags.includes(constraint.sourceTag))
    .some(
      ({ onlyDependOnLibsWithTags: only = [], notDependOnLibsWithTags: not = [] }) =>
        (only.length > 0 && !only.some((tag) => targetTags.includes(tag))) || not.some((tag) => targetTags.includes(tag)),
    );
}

describe('module boundaries (eslint.config.mjs)', () => {
  let report: VirtualLintReport;

  beforeAll(() => {
    report = lintAll(CASES.map(virtualFile));
  }, 120_000);

  const boundaryMessages = (index: number): readonly VirtualLintMessage[] => {
    const messages = report.results[index] ?? [];
    // A parse error or a skipped rule would make every "allowed" case pass for the wrong reason.
    expect(messages.filter((message) => message.ruleId !== BOUNDARY_RULE && message.ruleId !== IMPORT_RULE)).toEqual([]);
    return messages;
  };

  it.each(CASES.map((boundaryCase, index) => [boundaryCase.name, boundaryCase, index] as const))('%s', (_name, boundaryCase, index) => {
    const messages = boundaryMessages(index);
    if (!boundaryCase.refusedBy) {
      expect(messages).toEqual([]);
      return;
    }
    // Refused at least once, each rule at most once, and only for the reasons the case names.
    expect(messages.length).toBeGreaterThan(0);
    for (const rule of [BOUNDARY_RULE, IMPORT_RULE]) expect(messages.filter((message) => message.ruleId === rule).length).toBeLessThanOrEqual(1);
    for (const message of messages) expect(boundaryCase.refusedBy).toContain(message.messageId);
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

  // The harness has no import alias, so an import of it is refused by path before tags are read;
  // this proves the tags would refuse it too, should it ever be given one.
  it('refuses every other project a dependency on the e2e harness, in production code and in tests', () => {
    const harness = report.projects.filter((project) => project.tags.includes('type:e2e'));
    expect(harness.map((project) => project.name)).toEqual(['rollout']);
    const targetTags = harness[0]?.tags ?? [];
    for (const project of report.projects.filter((candidate) => !candidate.tags.includes('type:e2e'))) {
      for (const [kind, options] of [['production', report.productionOptions], ['test', report.testOptions]] as const) {
        expect({ project: project.name, kind, refused: refuses(constraintsOf(options), project.tags, targetTags) }).toEqual({ project: project.name, kind, refused: true });
      }
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
