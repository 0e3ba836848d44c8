import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONTRACTS_DOCUMENT_VERSION, renderContractDocuments } from '../src/index';

/** Writes the JSON Schemas and the AsyncAPI document into libs/contracts/generated (committed). */
const outputDir = join(__dirname, '..', 'generated');
if (process.argv.includes('--help')) {
  process.stdout.write('usage: ./tributary contracts\nRegenerates libs/contracts/generated from the zod schemas.\n');
  process.exit(0);
}
// Rendered before anything is removed: a contract that cannot be rendered leaves the old files.
const files = renderContractDocuments(CONTRACTS_DOCUMENT_VERSION);
rmSync(outputDir, { recursive: true, force: true });
for (const [relativePath, content] of files) {
  const target = join(outputDir, relativePath);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
}
process.stdout.write(`wrote ${files.size} files to ${outputDir}: ${[...readdirSync(outputDir)].join(', ')}\n`);
