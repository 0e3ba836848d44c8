import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { HandoffRecord } from '@tributary/channel-kit';
import type { DeliveryStatusV1Message, InboundMessageV1Input, OutboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import type { AppProcess } from '@tributary/platform-testing';
import type { WhatsappWebSessionView } from '../src/whatsapp-web/whatsapp-web-sessions.service';

/** The linked number and the customer's chat every replica test uses. */
export const REPLICA_NUMBER = '+498912345678';
export const REPLICA_CUSTOMER = '4915112345678@c.us';

/** What `whatsapp-web-replica.main.ts` answers on GET /state. */
export interface ReplicaState {
  readonly sessions: WhatsappWebSessionView[];
  readonly clientsBuilt: number;
  readonly clientsRunning: number;
  /** Every send of every fake Client the replica built. */
  readonly sent: { readonly chatId: string; readonly text: string; readonly quotedMessageId?: string; readonly messageId: string }[];
}

export async function stateOf(replica: AppProcess): Promise<ReplicaState> {
  return (await (await fetch(`${replica.baseUrl}/state`)).json()) as ReplicaState;
}

export async function post(replica: AppProcess, path: string, body: unknown): Promise<Response> {
  return fetch(`${replica.baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
}

export function records(file: string): HandoffRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as HandoffRecord);
}

export function handedOff(file: string): InboundMessageV1Input[] {
  return records(file)
    .filter((record) => record.kind === 'inbound')
    .map((record) => record.value as InboundMessageV1Input);
}

export function reports(file: string): DeliveryStatusV1Message[] {
  return records(file)
    .filter((record) => record.kind === 'delivery')
    .map((record) => record.value as DeliveryStatusV1Message);
}

/** An agent's reply from the replicas' number to the customer, answering the customer's first message. */
export function replicaReply(text = 'It ships today.'): OutboundMessageV1Message {
  return outboundReplyFixture({
    outboundId: randomUUID(),
    ticketId: randomUUID(),
    channel: 'whatsapp',
    provider: 'whatsapp-web',
    to: { kind: 'whatsapp', value: '+4915112345678' },
    from: { address: REPLICA_NUMBER },
    text,
    answering: { providerMessageId: `false_${REPLICA_CUSTOMER}_3EB0000000000001`, receivedAt: new Date().toISOString() },
  });
}
