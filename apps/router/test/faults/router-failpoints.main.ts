// Test-only entry point: the router with a failpoint armed from the environment. Production's
// main.ts arms none, so no variable can make a deployed router kill itself.
import { runApp } from '@tributary/platform-app';
import { createRouterApp } from '../../src/router.app';

/** SIGKILL this process after the Nth inbound batch's database commit, before its offsets are committed. */
const killAfterCommits = Number(process.env['TRIBUTARY_FAILPOINT_KILL_AFTER_INBOUND_COMMITS'] ?? '0');
let commits = 0;

void runApp(
  createRouterApp({
    afterInboundCommit: () => {
      commits += 1;
      if (killAfterCommits > 0 && commits >= killAfterCommits) process.kill(process.pid, 'SIGKILL');
    },
  }),
);
