import type { ProviderNames } from '../provider-names';

/** `<provider>.emulator.ts`: a local stand-in for the provider's API, for tests. */
export function emulatorTemplate(n: ProviderNames): string {
  return `import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { ${n.pascal}Payload } from './${n.provider}-payload.schema';
import { ${n.constant}_SIGNATURE_HEADER, ${n.camel}Signature } from './${n.provider}-signature.util';

const MAX_BODY_BYTES = 64 * 1024;

/** What the emulation accepts on POST /v1/messages; unknown fields are refused, as a strict API would. */
const SendRequestSchema = z.strictObject({
  to: z.string().min(1).max(512),
  from: z.string().min(1).max(512),
  text: z.string().min(1).max(4096),
  conversationId: z.string().min(1).max(512).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

interface EmulatedMessage extends z.infer<typeof SendRequestSchema> {
  readonly id: string;
}

interface ${n.pascal}EmulatorOptions {
  readonly apiToken: string;
  readonly webhookSecret: string;
  /** Recipients the API refuses with \`unknown-recipient\`: the customer's failure, not ours. */
  readonly unreachableRecipients?: readonly string[];
}

interface StatusCallback {
  readonly type: 'status';
  readonly status: { readonly messageId: string; readonly state: string; readonly error?: { readonly code: string; readonly message: string }; readonly metadata: Readonly<Record<string, string>> };
}

/**
 * A local emulation of ${n.provider}'s API for tests, a generated skeleton to shape after the real
 * one: POST /v1/messages with a bearer token, every refusal as \`{ error: { code, message } }\`
 * (401, 404, 413, 415, 400 for malformed JSON, an invalid request or an unknown recipient), an
 * idempotency key honoured; and ${n.provider}'s side of the webhooks, signed as ${n.provider} signs them.
 */
export class ${n.pascal}Emulator {
  readonly messages: EmulatedMessage[] = [];
  private readonly sentByIdempotencyKey = new Map<string, string>();
  private server: Server | undefined;
  private base = '';

  constructor(private readonly options: ${n.pascal}EmulatorOptions) {}

  get baseUrl(): string {
    return this.base;
  }

  /** Listens on a free port of the loopback interface. */
  async start(): Promise<string> {
    const server = createServer((request, response) => void this.route(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    this.base = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`;
    return this.base;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  /** A customer's message as ${n.provider} posts it to the message webhook. */
  incomingMessage(input: { readonly from: string; readonly to: string; readonly text: string; readonly id?: string }): ${n.pascal}Payload {
    return { type: 'message', message: { id: input.id ?? randomUUID(), from: { id: input.from }, to: input.to, text: input.text, sentAt: new Date().toISOString() } };
  }

  /** The status callback ${n.provider} posts for a message this emulation sent, echoing its metadata. */
  statusCallback(messageId: string, state: string, error?: { readonly code: string; readonly message: string }): StatusCallback {
    const sent = this.messages.find((message) => message.id === messageId);
    if (!sent) throw new Error(\`the emulation sent no message \${messageId}\`);
    return { type: 'status', status: { messageId, state, ...(error ? { error } : {}), metadata: sent.metadata ?? {} } };
  }

  /** A webhook body and headers, signed with the webhook secret as ${n.provider} signs them. */
  signed(payload: unknown): { readonly rawBody: Buffer; readonly headers: Readonly<Record<string, string>> } {
    const rawBody = Buffer.from(JSON.stringify(payload));
    return { rawBody, headers: { 'content-type': 'application/json', [${n.constant}_SIGNATURE_HEADER]: ${n.camel}Signature(this.options.webhookSecret, rawBody) } };
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (request.method === 'GET' && request.url === '/health/ready') return answer(response, 200, { status: 'ok' });
      if (request.headers.authorization !== \`Bearer \${this.options.apiToken}\`) return refuse(response, 401, 'unauthorized', 'missing or wrong bearer token');
      if (request.method !== 'POST' || request.url !== '/v1/messages') return refuse(response, 404, 'not-found', \`no \${request.method ?? '?'} \${request.url ?? '/'}\`);
      if (!request.headers['content-type']?.startsWith('application/json')) return refuse(response, 415, 'unsupported-media-type', 'the body must be application/json');
      const raw = await readBody(request);
      if (raw === undefined) return refuse(response, 413, 'too-large', \`the body exceeds \${MAX_BODY_BYTES} bytes\`);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuse(response, 400, 'malformed-json', 'the body is not JSON');
      }
      const parsed = SendRequestSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return refuse(response, 400, 'invalid-request', \`\${issue?.path.map(String).join('.') ?? ''}: \${issue?.message ?? 'invalid'}\`);
      }
      if (this.options.unreachableRecipients?.includes(parsed.data.to)) return refuse(response, 400, 'unknown-recipient', \`\${parsed.data.to} cannot receive messages\`);
      const key = request.headers['idempotency-key'];
      const known = typeof key === 'string' ? this.sentByIdempotencyKey.get(key) : undefined;
      if (known !== undefined) return answer(response, 200, { id: known });
      const message: EmulatedMessage = { ...parsed.data, id: randomUUID() };
      this.messages.push(message);
      if (typeof key === 'string') this.sentByIdempotencyKey.set(key, message.id);
      return answer(response, 201, { id: message.id });
    } catch (error) {
      refuse(response, 500, 'internal', error instanceof Error ? error.message : String(error));
    }
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function refuse(response: ServerResponse, status: number, code: string, message: string): void {
  answer(response, status, { error: { code, message } });
}

/** The body, or undefined past the size limit (the rest is not read: the answer closes the exchange). */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
`;
}
