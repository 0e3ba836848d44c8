import { z } from 'zod';

/** What the operator's dead-letter routes answer; the OpenAPI document is generated from these. */

const Timestamp = z.iso.datetime();
const DeadLetterIdText = z.string().describe('`<partition>:<offset>` on the dead-letter topic, e.g. `3:1042`');

export const DeadLetterResponse = z.object({
  id: DeadLetterIdText,
  deadLetterTopic: z.string(),
  timestamp: Timestamp.describe("The record's Kafka timestamp: the original record's, which a whole dead letter keeps."),
  reason: z.string().describe('Why it could not be processed (tributary-dlq-reason).'),
  source: z.object({
    topic: z.string().nullable().describe('The topic it was consumed from; a re-drive sends it back there.'),
    partition: z.number().int().nullable(),
    offset: z.string().nullable(),
  }),
  key: z.string().nullable().describe('The record key as UTF-8 (for inbound messages: tenant and sender).'),
  headers: z.record(z.string(), z.string()).describe('The original headers as UTF-8, the tributary-dlq-* ones left out.'),
  valueBytes: z.number().int().min(0),
  redrivenFrom: z.string().nullable().describe('Set when the original had been re-driven before (tributary-redriven-from) and was dead-lettered again.'),
  reduced: z
    .object({ copy: z.string(), refusal: z.string().nullable(), originalValueBytes: z.number().int().nullable() })
    .nullable()
    .describe('Set when the dead-letter topic refused the whole record and only a truncated or bare copy was written; a re-drive reads the original at its source offset.'),
});

export const DeadLetterDetailResponse = DeadLetterResponse.extend({
  value: z.string().nullable().describe('The original value as text, when it is UTF-8.'),
  valueBase64: z.string().nullable().describe('The original value bytes, base64.'),
});

export const DeadLetterListResponse = z.object({
  deadLetters: z.array(DeadLetterResponse).describe('The newest matches, at most `limit`, oldest first.'),
  matched: z.number().int().min(0).describe('Every match, including those the limit left out.'),
  scanned: z.number().int().min(0).describe('Dead letters read to find them.'),
});

export const RedriveResponse = z.object({
  id: DeadLetterIdText,
  topic: z.string().describe('The topic the original bytes were sent back to.'),
  from: z.string().describe('The tributary-redriven-from header the re-driven record carries: `<dead-letter topic>/<partition>:<offset>`.'),
  at: Timestamp,
  by: z.string().describe('`operator:<name of the operator key>`'),
  bytesFrom: z.enum(['dead-letter', 'source-offset']).describe('source-offset: a reduced copy, re-driven with the original read at its source offset.'),
});
