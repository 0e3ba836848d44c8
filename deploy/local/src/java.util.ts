import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from './process-control.util';
import { StackError, StackErrorCode } from './stack.error';

/**
 * JVM flags for every local server: on two shared cores start-up time dominates, and the C1-only
 * JIT with the serial collector starts Kafka about 40% faster (measured); peak throughput does not
 * matter for a local broker.
 */
export const FAST_START_JVM_FLAGS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Djava.awt.headless=true'];

/** The java binary: $JAVA_HOME/bin/java when set, else the one on PATH. */
export function requireJava(): string {
  const home = process.env['JAVA_HOME'];
  const fromHome = home ? join(home, 'bin', 'java') : undefined;
  const java = fromHome && existsSync(fromHome) ? fromHome : findExecutable('java');
  if (!java) {
    throw new StackError(
      StackErrorCode.PrerequisiteMissing,
      'Java 17+ is needed for Kafka and GreenMail: apt-get install openjdk-17-jre-headless (or set JAVA_HOME)',
    );
  }
  return java;
}
