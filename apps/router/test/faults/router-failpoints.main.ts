// Test-only entry point: the router with failpoints armed from the environment. Production's
// main.ts arms none, so no variable can make a deployed router kill, freeze or hold itself.
import { existsSync } from 'node:fs';
import type { InboundMessageV1Message } from '@tributary/contracts';
import { runApp } from '@tributary/platform-app';
import { createRouterApp } from '../../src/router.app';

/** SIGKILL this process after the Nth inbound batch's database commit, before its offsets are committed. */
const killAfterCommits = Number(process.env['TRIBUTARY_FAILPOINT_KILL_AFTER_INBOUND_COMMITS'] ?? '0');
/** SIGSTOP this process once, before the transaction of the first batch carrying this tenant's messages. */
const freezeOnTenant = process.env['TRIBUTARY_FAILPOINT_FREEZE_ON_TENANT'];
/** Hold every batch carrying this tenant's messages before its transaction until the release file exists. */
const holdTenant = process.env['TRIBUTARY_FAILPOINT_HOLD_TENANT'];
const releaseFile = process.env['TRIBUTARY_FAILPOINT_RELEASE_FILE'];

let commits = 0;
let frozen = false;
let frozenBatchInFlight = false;

/** Lines a test reads in the process's log to know where the failpoint stands. */
function mark(line: string): void {
  process.stdout.write(`failpoint: ${line}\n`);
}

async function beforeInboundBatch(messages: readonly InboundMessageV1Message[]): Promise<void> {
  if (freezeOnTenant && !frozen && messages.some((message) => message.tenantId === freezeOnTenant)) {
    frozen = true;
    frozenBatchInFlight = true;
    mark(`freezing before a batch of ${messages.length} records`);
    // A real stop by the kernel: timers, heartbeats and sockets all freeze until SIGCONT.
    process.kill(process.pid, 'SIGSTOP');
    mark('resumed; storing the batch it held');
  }
  if (holdTenant && releaseFile && messages.some((message) => message.tenantId === holdTenant)) {
    mark(`holding a batch of ${messages.length} records`);
    while (!existsSync(releaseFile)) await new Promise((resolve) => setTimeout(resolve, 10));
    mark('released');
  }
}

void runApp(
  createRouterApp({
    beforeInboundBatch,
    afterInboundCommit: () => {
      commits += 1;
      if (frozenBatchInFlight) {
        frozenBatchInFlight = false;
        mark('the batch held across the freeze committed');
      }
      if (killAfterCommits > 0 && commits >= killAfterCommits) process.kill(process.pid, 'SIGKILL');
    },
  }),
);
