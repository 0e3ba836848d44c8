import type { HandoffRecord } from '@tributary/channel-kit';
import { HandoffUnavailableError } from '@tributary/channel-kit';
import type { ChatTenant } from '../identity/chat-tenant';
import { ChatErrorCode } from '../protocol/server-frame';
import { IntakeGate } from '../limits/intake-gate';
import { ChatConnectionHub } from '../socket/chat-connection-hub';
import { ChatIntake } from './chat-intake.service';
import { InMemoryChatEntries } from './in-memory-chat-entries.fake';

const tenant: ChatTenant = { tenantId: 'acme', origins: ['*'], anonymous: true, inbox: 'web-widget', secrets: [] };
const visitor = { tenantId: 'acme', visitorId: 'user-1', verified: true };

function setup(handOff: (record: HandoffRecord) => Promise<unknown> = () => Promise.resolve('published'), gate?: IntakeGate) {
  const entries = new InMemoryChatEntries();
  const handed: HandoffRecord[] = [];
  const intake = new ChatIntake(entries, { handOff: (record: HandoffRecord) => { handed.push(record); return handOff(record) as Promise<'published'>; } }, new ChatConnectionHub(), undefined, gate);
  return { entries, handed, intake, message: (clientMessageId: string, text = 'hello') => ({ tenant, visitor, conversationId: 'conv-1', clientMessageId, text, attachments: [] }) };
}

describe('ChatIntake', () => {
  it('hands a message off once and acknowledges every resend the same', async () => {
    const { intake, handed, message } = setup();
    const first = await intake.receive(message('client-0001'));
    const again = await intake.receive(message('client-0001'));
    expect(first).toMatchObject({ type: 'ack', clientMessageId: 'client-0001', seq: 1 });
    expect(again).toEqual(first);
    expect(handed).toHaveLength(1);
  });

  it('shares one hand-off between two resends arriving at once', async () => {
    let release: () => void = () => undefined;
    const { intake, handed, message } = setup(() => new Promise<void>((resolve) => (release = resolve)));
    const both = Promise.all([intake.receive(message('client-0002')), intake.receive(message('client-0002'))]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const [a, b] = await both;
    expect(a).toEqual(b);
    expect(handed).toHaveLength(1);
  });

  it('answers unavailable when Kafka does not take the message, and hands it off on the resend', async () => {
    let fail = true;
    const { intake, handed, entries, message } = setup(() => (fail ? Promise.reject(new HandoffUnavailableError('Kafka did not acknowledge in time')) : Promise.resolve('published')));
    expect(await intake.receive(message('client-0003'))).toMatchObject({ type: 'error', code: ChatErrorCode.Unavailable, clientMessageId: 'client-0003' });
    expect(entries.entries[0]?.handedOffAt).toBeNull();
    fail = false;
    expect(await intake.receive(message('client-0003'))).toMatchObject({ type: 'ack', seq: 1 });
    expect(handed).toHaveLength(2);
    expect(handed[0]?.value).toEqual(handed[1]?.value);
  });

  it('stores no more messages at once than its gate allows, queues the next and refuses past the queue with when to resend', async () => {
    const releases: (() => void)[] = [];
    const { intake, handed, message } = setup(() => new Promise<void>((resolve) => releases.push(resolve)), new IntakeGate(2, 1));
    const answers = ['client-0101', 'client-0102', 'client-0103'].map((id) => intake.receive(message(id)));
    const refused = await intake.receive(message('client-0104'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(handed).toHaveLength(2);
    expect(refused).toMatchObject({ type: 'error', code: ChatErrorCode.Unavailable, clientMessageId: 'client-0104', retryAfterMs: expect.any(Number) as unknown });

    releases.splice(0).forEach((release) => release());
    await new Promise((resolve) => setImmediate(resolve));
    expect(handed).toHaveLength(3);
    releases.splice(0).forEach((release) => release());
    expect((await Promise.all(answers)).map((answer) => answer.type)).toEqual(['ack', 'ack', 'ack']);
  });
});
