// Lint rules that carry weight here: module boundaries (who may import whom), no `any`, no
// floating promises (a lost await loses messages), exhaustive switches over contract enums.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Every project carries one scope tag (which deployable family it serves) and one type tag (which
// layer it is); tools/lint/module-boundaries.spec.ts proves each rule below refuses what it should.
const productionConstraints = [
  // Layers. Contracts are plain schemas that every language's consumer can mirror: nothing of ours.
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
  // The kit is what channel libraries share (durable hand-off, account leases); it knows no channel.
  { sourceTag: 'type:channel-kit', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
  // A channel library never imports another one: what two channels share belongs in the kit.
  { sourceTag: 'type:channel', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:channel-kit'] },
  // The router's libraries are layered: domain ← persistence ← ticketing ← queue-api.
  { sourceTag: 'type:router-domain', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:router-persistence', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:router-domain'] },
  { sourceTag: 'type:router-ticketing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:router-domain', 'type:router-persistence'] },
  {
    sourceTag: 'type:router-api',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:router-domain', 'type:router-persistence', 'type:router-ticketing'],
  },
  // Apps wire libraries; which ones is settled by scope below. An app never imports another app.
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:contracts', 'type:platform', 'type:channel-kit', 'type:channel',
      'type:router-domain', 'type:router-persistence', 'type:router-ticketing', 'type:router-api',
    ],
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
  // The benchmarks drive the router in-process and the channels' webhooks as their providers would
  // (through a channel library's `/testing` entry point only, see below); tooling is never deployed
  // and nothing imports it.
  {
    sourceTag: 'type:tooling',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing', 'type:channel', 'type:router-domain', 'type:router-persistence', 'type:router-ticketing'],
  },
  // An end-to-end harness (tools/rollout) drives every channel family at once, as the providers
  // would: it may use the shared layers, the test helpers and the channel libraries (their `/testing`
  // entry points only, see below), never the router's internals or tooling.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing', 'type:channel'] },
  // Nothing depends on an end-to-end harness, tests included.
  { sourceTag: '*', notDependOnLibsWithTags: ['type:e2e'] },

  // Scopes: each deployable family uses its own libraries and the shared ones, never another
  // family's. Channels and the router meet only on Kafka.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:email', onlyDependOnLibsWithTags: ['scope:shared', 'scope:email'] },
  { sourceTag: 'scope:voice', onlyDependOnLibsWithTags: ['scope:shared', 'scope:voice'] },
  { sourceTag: 'scope:chat', onlyDependOnLibsWithTags: ['scope:shared', 'scope:chat'] },
  { sourceTag: 'scope:social', onlyDependOnLibsWithTags: ['scope:shared', 'scope:social'] },
  { sourceTag: 'scope:router', onlyDependOnLibsWithTags: ['scope:shared', 'scope:router'] },
  // The channel kit is shared by channel code only; the router has no channel plumbing.
  { sourceTag: 'scope:router', notDependOnLibsWithTags: ['type:channel-kit'] },
  { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling', 'scope:router', 'scope:email', 'scope:voice', 'scope:chat', 'scope:social'] },
  // The end-to-end harness spans every family (its type rule above keeps it to their test surfaces).
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:email', 'scope:voice', 'scope:chat', 'scope:social', 'scope:router'] },
];

// Tests may also use the local stack and other test helpers; production code may not.
const testConstraints = productionConstraints.map((constraint) =>
  constraint.onlyDependOnLibsWithTags
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
    : constraint,
);

const testFiles = ['**/*.spec.ts', '**/test/**/*.ts'];
// Benchmarks start apps and servers as the tests do, and are never deployed (images hold only what main.ts reaches).
const benchFiles = ['**/bench/**/*.ts'];

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
    ignores: [...testFiles, ...benchFiles],
    rules: { '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: productionConstraints }] },
  },
  {
    files: benchFiles,
    ignores: testFiles,
    rules: { '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: testConstraints }] },
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
    // The e2e harness (type:e2e) sends what a provider would send: a channel library's test entry
    // point has the webhook builders and signing; its production entry point is the app's business.
    files: ['tools/rollout/**/*.ts', 'tools/bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^@tributary/channel-(?!kit)[^/]+$', message: 'An e2e harness or a benchmark uses a channel library through its /testing entry point only.' }] },
      ],
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
