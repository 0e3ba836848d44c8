// Lint rules that carry weight here: module boundaries (who may import whom), no `any`, no
// floating promises (a lost await loses messages), exhaustive switches over contract enums.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const productionConstraints = [
  // Contracts are plain schemas that every language's consumer can mirror: they import nothing of ours.
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
  { sourceTag: 'type:channel', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:channel'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:domain'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:channel', 'type:domain'] },
  { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
  // Channel code never reaches into the router: they meet only on Kafka.
  { sourceTag: 'scope:channel', notDependOnLibsWithTags: ['scope:router'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
];

// Tests may also use the local stack and other test helpers; production code may not.
const testConstraints = productionConstraints.map((constraint) =>
  constraint.onlyDependOnLibsWithTags
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
    : constraint,
);

const testFiles = ['**/*.spec.ts', '**/test/**/*.ts'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**', '**/*.js', '**/*.mjs', '**/generated/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name what a module exports; no export * grab-bags.' }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: testFiles,
    rules: { '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: productionConstraints }] },
  },
  {
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: testConstraints }],
      // Jest matchers and mocks are typed loosely; these rules fight them without catching bugs.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', '@tributary/*'], message: 'Contracts are plain schemas: zod only.' }] },
      ],
    },
  },
);
