/** One problem with a message, with the dotted path of the field it concerns (`sender.identities[0].value`). */
export interface ContractIssue {
  readonly path: string;
  readonly message: string;
}

/** A message does not match its contract. The message names every offending field. */
export class ContractValidationError extends Error {
  constructor(
    readonly contract: string,
    readonly issues: readonly ContractIssue[],
  ) {
    super(`${contract} is invalid: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`);
    this.name = 'ContractValidationError';
  }
}
