import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, runCommand } from './process-control.util';
import { StackError, StackErrorCode } from './stack.error';
import { cacheRoot, repoRoot } from './stack-paths.util';

/** A Maven profile of deploy/local/jars/pom.xml; its cache folder is `<set>-<version>`. */
export type JarSet = 'kafka' | 'kafka-tools' | 'greenmail';

const LABELS: Record<JarSet, string> = { kafka: 'Kafka', 'kafka-tools': 'Kafka tools', greenmail: 'GreenMail' };
/** The pom property holding each set's version: the tools always match the broker. */
const VERSION_PROPERTIES: Record<JarSet, string> = { kafka: 'kafka.version', 'kafka-tools': 'kafka.version', greenmail: 'greenmail.version' };
const COMPLETE_MARKER = '.complete';

/** The pom is the one place versions are written; the cache folder is named after them. */
export function pomProperty(pomXml: string, property: string): string {
  const escaped = property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<${escaped}>\\s*([^<\\s]+)\\s*</${escaped}>`).exec(pomXml);
  if (!match?.[1]) throw new StackError(StackErrorCode.InvalidConfig, `pom.xml has no <${property}> property`);
  return match[1];
}

export function jarSetVersion(set: JarSet): string {
  return pomProperty(readFileSync(pomPath(), 'utf8'), VERSION_PROPERTIES[set]);
}

/** Where the set's jars are (or will be, once fetched). */
export function jarSetDir(set: JarSet): string {
  return join(cacheRoot(), 'jars', `${set}-${jarSetVersion(set)}`);
}

// Maven runs one at a time: parallel runs can trip over each other in a cold ~/.m2.
let fetchQueue: Promise<unknown> = Promise.resolve();

/** Folder holding the set's jars, fetched from Maven Central on first use and reused afterwards. */
export function ensureJars(set: JarSet, log: (line: string) => void): Promise<string> {
  const result = fetchQueue.then(() => fetchOnce(set, log));
  fetchQueue = result.catch(() => undefined);
  return result;
}

async function fetchOnce(set: JarSet, log: (line: string) => void): Promise<string> {
  const version = jarSetVersion(set);
  const dir = jarSetDir(set);
  if (existsSync(join(dir, COMPLETE_MARKER))) return dir;

  const mvn = findExecutable('mvn');
  if (!mvn) {
    throw new StackError(
      StackErrorCode.PrerequisiteMissing,
      `Maven is needed once to fetch the ${LABELS[set]} jars: apt-get install maven (or place them in ${dir})`,
    );
  }
  log(`fetching ${LABELS[set]} ${version} jars from Maven Central (first run only)…`);
  const started = Date.now();
  // Fetch beside the target and rename, so an interrupted fetch never looks complete.
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    await runCommand(
      mvn,
      ['-q', '-B', '-f', pomPath(), `-P${set}`, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${partial}`],
      { timeoutMs: 10 * 60_000 },
    );
    const jars = readdirSync(partial).filter((file) => file.endsWith('.jar'));
    writeFileSync(join(partial, COMPLETE_MARKER), `${jars.join('\n')}\n`);
    // Another checkout may have finished first and be running from its copy: keep that one.
    if (existsSync(join(dir, COMPLETE_MARKER))) return dir;
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    log(`fetched ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s into ${dir}`);
    return dir;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

function pomPath(): string {
  return join(repoRoot(), 'deploy', 'local', 'jars', 'pom.xml');
}
