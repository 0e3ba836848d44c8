import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONTRACTS_DOCUMENT_VERSION, renderContractDocuments } from '../src/index';

/** Writes the JSON Schemas and the AsyncAPI document into libs/contracts/generated (committed). */
const outputDir = join(__dirname, '..', 'generated');
if (process.argv.includes('--help')) {
  process.stdout.write('usage: npm run contracts:generate\nRegenerates libs/contracts/generated from the zod schemas.\n');
  process.exit(0);
}
rmSync(outputDir, { recursive: true, force: true });
const files = renderContractDocuments(CONTRACTS_DOCUMENT_VERSION);
for (const [relativePath, content] of files) {
  const target = join(outputDir, relativePath);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
}
process.stdout.write(`wrote ${files.size} files to ${outputDir}: ${[...readdirSync(outputDir)].join(', ')}\n`);
