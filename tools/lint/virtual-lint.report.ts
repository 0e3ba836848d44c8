/** One file that exists only for the lint run: where it would sit and what it says. */
export interface VirtualFile {
  readonly filePath: string;
  readonly code: string;
}

export interface VirtualLintMessage {
  readonly ruleId: string | null;
  readonly messageId: string | undefined;
  readonly message: string;
}

/** What tools/lint/virtual-lint.cli.ts writes: the lint results, and what they were judged against. */
export interface VirtualLintReport {
  /** Each file's messages, in the order given (a parse error has ruleId null). */
  readonly results: readonly (readonly VirtualLintMessage[])[];
  readonly projects: readonly { readonly name: string; readonly root: string; readonly tags: readonly string[] }[];
  /** The boundary rule's setting as eslint.config.mjs gives it to production code and to tests. */
  readonly productionOptions: unknown;
  readonly testOptions: unknown;
}

export const BOUNDARY_RULE = '@nx/enforce-module-boundaries';
/** Entry-point rules (which of a project's entry points a file may use) sit beside the boundary rule. */
export const IMPORT_RULE = 'no-restricted-imports';
