import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentServer, ServerContext } from './component-server';
import { ensureJars } from './jar-cache.util';
import { FAST_START_JVM_FLAGS, requireJava } from './java.util';
import { ensureKafkaTools } from './kafka-tools.util';
import { newKafkaClusterId, renderLog4j2Properties, renderServerProperties } from './kafka-config.util';
import { runCommand, terminateProcess } from './process-control.util';
import { tcpAnswers } from './readiness.util';
import { launchServer } from './server-launch.util';

const READY_LINE = 'Kafka Server started';

/** Apache Kafka in KRaft mode, run from the Maven Central jars with the machine's Java. */
export const kafkaServer: ComponentServer<'kafka'> = {
  component: 'kafka',

  answers: (ports) => tcpAnswers(ports.broker),

  async start(context, ports) {
    const java = requireJava();
    const jars = await ensureJars('kafka', context.log);
    const dir = context.paths.componentDir('kafka');
    const dataDir = join(dir, 'data');
    const logFile = context.paths.logFile('kafka');
    const properties = join(dir, 'server.properties');
    const log4j = join(dir, 'log4j2.properties');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(properties, renderServerProperties({ brokerPort: ports.broker, controllerPort: ports.controller, dataDir }));
    writeFileSync(log4j, renderLog4j2Properties());
    const classpath = [...FAST_START_JVM_FLAGS, `-Dlog4j2.configurationFile=${log4j}`, '-cp', join(jars, '*')];

    if (!existsSync(join(dataDir, 'meta.properties'))) await formatStorage(context, java, classpath, properties);

    context.log(`starting Kafka on 127.0.0.1:${ports.broker}…`);
    const pid = await launchServer({
      what: 'kafka',
      command: java,
      // The absolute properties path doubles as the marker that tells our broker from other pids.
      args: ['-Xmx512m', '-Xms256m', ...classpath, 'kafka.Kafka', properties],
      cwd: dir,
      onSpawned: context.onSpawned,
      logFile,
      timeoutMs: 120_000,
      isReady: async (newLog) => newLog().includes(READY_LINE) && (await tcpAnswers(ports.broker)),
    });
    await fetchConsoleTools(context);
    return pid;
  },

  async stop(_context, record) {
    if (record.pid !== undefined) await terminateProcess(record.pid, 20_000);
  },
};

/**
 * Kafka's own console tools, for people looking at the topics (`./tributary tail` needs none of
 * them). Fetched once, after the broker serves, and never a reason for the broker not to start.
 */
async function fetchConsoleTools(context: ServerContext): Promise<void> {
  try {
    await ensureKafkaTools(context.log);
  } catch (error) {
    context.log(`Kafka's console tools were not fetched (${error instanceof Error ? error.message : String(error)}); the broker runs without them`);
  }
}

async function formatStorage(context: ServerContext, java: string, classpath: readonly string[], properties: string): Promise<void> {
  context.log('formatting Kafka storage (first start of this stack)…');
  const clusterId = newKafkaClusterId();
  const { stdout, stderr } = await runCommand(
    java,
    ['-Xmx128m', ...classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties],
    { cwd: context.paths.componentDir('kafka'), timeoutMs: 120_000 },
  );
  appendFileSync(context.paths.logFile('kafka'), `${stdout}${stderr}`);
}
