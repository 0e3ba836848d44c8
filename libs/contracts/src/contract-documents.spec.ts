import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACTS_DOCUMENT_VERSION } from './index';
import { renderContractDocuments, toJsonSchema } from './contract-documents';
import { InboundMessageV1 } from './contracts';

const generatedDir = join(__dirname, '..', 'generated');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('generated contract documents', () => {
  const rendered = renderContractDocuments(CONTRACTS_DOCUMENT_VERSION);

  it('are committed exactly as the schemas generate them (run `npm run contracts:generate` when this fails)', () => {
    expect(listFiles(generatedDir).sort()).toEqual([...rendered.keys()].sort());
    for (const [relativePath, content] of rendered) {
      expect({ file: relativePath, content: readFileSync(join(generatedDir, relativePath), 'utf8') }).toEqual({
        file: relativePath,
        content,
      });
    }
  });

  it('describe every topic in the AsyncAPI document', () => {
    const asyncApi = rendered.get('asyncapi.yaml') ?? '';
    for (const topic of ['tributary.inbound.v1', 'tributary.inbound.dlq.v1', 'tributary.tickets.v1', 'tributary.tickets.state.v1', 'tributary.outbound.v1', 'tributary.delivery.v1']) {
      expect(asyncApi).toContain(`address: ${topic}`);
    }
  });

  it('mark fields with defaults as optional for producers in other languages', () => {
    const schema = toJsonSchema(InboundMessageV1) as { required?: string[] };
    expect(schema.required).toContain('dedupeKey');
    expect(schema.required).not.toContain('attachments');
  });
});
