import { TOPICS } from '@tributary/contracts';
import type { DeadLetterDetailView } from '@tributary/platform-kafka';
import { listText, redriveText, showText } from './dlq-output';

const view: DeadLetterDetailView = {
  id: '2:41',
  deadLetterTopic: TOPICS.inboundDeadLetter,
  timestamp: '2026-12-07T10:00:00.000Z',
  reason: 'tenant acme is\non hold',
  source: { topic: TOPICS.inbound, partition: 1, offset: '7' },
  key: 'acme:+4915112345678',
  headers: { 'tributary-contract': 'InboundMessage', 'tributary-contract-version': '1' },
  valueBytes: 14,
  redrivenFrom: null,
  reduced: null,
  value: '{"text":"hi"}',
  valueBase64: 'eyJ0ZXh0IjoiaGkifQ==',
};

describe('dlq output', () => {
  it('lists one aligned line per dead letter, the reason on one line', () => {
    expect(listText(TOPICS.inboundDeadLetter, [view], 3, 9).split('\n')).toEqual([
      `1 of 3 matching dead letters (9 read) on ${TOPICS.inboundDeadLetter}`,
      'ID    TIME                      SOURCE                KEY                  REASON',
      `2:41  2026-12-07T10:00:00.000Z  ${TOPICS.inbound}  acme:+4915112345678  tenant acme is on hold`,
      '',
    ]);
  });

  it('shows headers one a line and a JSON value indented', () => {
    const text = showText({ ...view, redrivenFrom: `${TOPICS.inboundDeadLetter}/0:3` });
    expect(text).toContain(`source     ${TOPICS.inbound} partition 1 offset 7\n`);
    expect(text).toContain('headers    tributary-contract: InboundMessage\n           tributary-contract-version: 1\n');
    expect(text).toContain(`re-driven  before, from ${TOPICS.inboundDeadLetter}/0:3`);
    expect(text).toContain('value      14 bytes\n{\n  "text": "hi"\n}\n');
    expect(showText({ ...view, value: null, valueBase64: 'wyg=' })).toContain('value      14 bytes, not UTF-8; base64:\nwyg=\n');
  });

  it('reports what was re-driven and what was skipped', () => {
    const outcome = { id: '2:41', topic: TOPICS.inbound, from: `${TOPICS.inboundDeadLetter}/2:41`, at: '2026-12-07T12:00:00.000Z', by: 'cli:ops@host', bytesFrom: 'dead-letter' as const };
    expect(redriveText([outcome], [{ id: '2:42', reason: 'names no source topic' }])).toBe(`re-drove 2:41 to ${TOPICS.inbound}\nskipped  2:42: names no source topic\n1 re-driven, 1 skipped\n`);
  });
});
