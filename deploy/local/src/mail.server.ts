import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentServer } from './component-server';
import { ensureJars } from './jar-cache.util';
import { FAST_START_JVM_FLAGS, requireJava } from './java.util';
import { greenmailUsersProperty, MAIL_USERS, TEST_MAIL_USERS } from './mail-users';
import { terminateProcess } from './process-control.util';
import { tcpAnswers } from './readiness.util';
import { launchServer } from './server-launch.util';
import { StackError, StackErrorCode } from './stack.error';

/** GreenMail standalone: SMTP and IMAP with fixed users, mail kept in memory only. */
export const mailServer: ComponentServer<'mail'> = {
  component: 'mail',

  answers: async (ports) => (await tcpAnswers(ports.smtp)) && (await tcpAnswers(ports.imap)),

  async start(context, ports) {
    const java = requireJava();
    const jar = findStandaloneJar(await ensureJars('greenmail', context.log));
    const dir = context.paths.componentDir('mail');
    mkdirSync(dir, { recursive: true });
    context.log(`starting GreenMail on 127.0.0.1 (smtp ${ports.smtp}, imap ${ports.imap})…`);
    return launchServer({
      what: 'mail',
      command: java,
      args: [
        '-Xmx128m',
        ...FAST_START_JVM_FLAGS,
        // GreenMail's command line names no file of ours, so this property marks the pid as ours.
        `-Dtributary.stack.dir=${dir}/`,
        '-Dgreenmail.smtp.hostname=127.0.0.1',
        `-Dgreenmail.smtp.port=${ports.smtp}`,
        '-Dgreenmail.imap.hostname=127.0.0.1',
        `-Dgreenmail.imap.port=${ports.imap}`,
        `-Dgreenmail.users=${greenmailUsersProperty([...MAIL_USERS, ...TEST_MAIL_USERS])}`,
        '-jar',
        jar,
      ],
      cwd: dir,
      onSpawned: context.onSpawned,
      logFile: context.paths.logFile('mail'),
      timeoutMs: 60_000,
      isReady: () => mailServer.answers(ports),
    });
  },

  async stop(_context, record) {
    if (record.pid !== undefined) await terminateProcess(record.pid, 20_000);
  },
};

function findStandaloneJar(dir: string): string {
  const jar = readdirSync(dir).find((file) => file.startsWith('greenmail-standalone') && file.endsWith('.jar'));
  if (!jar) throw new StackError(StackErrorCode.PrerequisiteMissing, `no greenmail-standalone jar in ${dir}; delete the folder to refetch`);
  return join(dir, jar);
}
