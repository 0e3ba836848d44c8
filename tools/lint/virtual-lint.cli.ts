import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint, type Linter } from 'eslint';
import { BOUNDARY_RULE, IMPORT_RULE, type VirtualFile, type VirtualLintMessage, type VirtualLintReport } from './virtual-lint.report';

/**
 * Lints files that are not on disk with the workspace's own eslint.config.mjs, reporting only the
 * module-boundary and restricted-imports rules. It runs as its own process because ESLint loads its
 * config with import(), which jest's module sandbox refuses; and without type information, because
 * neither rule needs any and a type-checked run would build a TypeScript program per project.
 */
async function lintVirtualFiles(root: string, files: readonly VirtualFile[]): Promise<VirtualLintReport> {
  // The rule reads the project graph from Nx's cache and silently skips every file when there is
  // none; computing it here also makes it see tags edited since the last nx command.
  const graph = await createProjectGraphAsync({ exitOnError: true });
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } }],
    ruleFilter: ({ ruleId }) => ruleId === BOUNDARY_RULE || ruleId === IMPORT_RULE,
  });
  const results: VirtualLintMessage[][] = [];
  for (const file of files) {
    const [result] = await eslint.lintText(file.code, { filePath: resolve(root, file.filePath) });
    results.push((result?.messages ?? []).map((message: Linter.LintMessage) => ({ ruleId: message.ruleId, messageId: message.messageId, message: message.message })));
  }
  const ruleOptions = async (filePath: string): Promise<unknown> => {
    const config = (await eslint.calculateConfigForFile(filePath)) as Linter.Config;
    return config.rules?.[BOUNDARY_RULE];
  };
  return {
    results,
    projects: Object.values(graph.nodes).map((node) => ({ name: node.name, root: node.data.root, tags: node.data.tags ?? [] })),
    productionOptions: await ruleOptions('libs/contracts/src/index.ts'),
    testOptions: await ruleOptions('libs/contracts/src/index.spec.ts'),
  };
}

// usage: node tools/run.js tools/lint/virtual-lint.cli.ts <files.json> <report.json>
// (files and report go through files: the rule writes its own warnings to stdout)
const [filesPath, reportPath] = process.argv.slice(2);
if (!filesPath || !reportPath) {
  process.stderr.write('usage: node tools/run.js tools/lint/virtual-lint.cli.ts <files.json> <report.json>\n');
  process.exit(2);
}
const files = JSON.parse(readFileSync(filesPath, 'utf8')) as VirtualFile[];
lintVirtualFiles(process.cwd(), files).then(
  (report) => writeFileSync(reportPath, JSON.stringify(report)),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
