import { z } from 'zod';
import { ContractIssue, ContractValidationError } from './contract-validation.error';
import { HEADERS } from './topics';

/** A named, versioned message schema. */
export interface Contract<TSchema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly version: number;
  readonly schema: TSchema;
}

export function defineContract<TSchema extends z.ZodType>(name: string, version: number, schema: TSchema): Contract<TSchema> {
  return { name, version, schema };
}

export function contractLabel(contract: Contract): string {
  return `${contract.name} v${contract.version}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

/** Validates `value`, returning the parsed message (defaults applied) or throwing a ContractValidationError. */
export function parseContract<TSchema extends z.ZodType>(contract: Contract<TSchema>, value: unknown): z.infer<TSchema> {
  const result = contract.schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ContractIssue[] = result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  throw new ContractValidationError(contractLabel(contract), issues);
}

/**
 * Decodes a Kafka record value (UTF-8 JSON) against its contract. Given the record's headers, they
 * must name this contract and this version first: a record that says it is something else (a v2,
 * another contract) or says nothing is refused, never read as this one just because its fields
 * happen to fit.
 */
export function decodeContract<TSchema extends z.ZodType>(
  contract: Contract<TSchema>,
  bytes: Buffer | null,
  headers?: Readonly<Record<string, string | undefined>>,
): z.infer<TSchema> {
  if (headers) {
    const issues = headerIssues(contract, headers);
    if (issues.length > 0) throw new ContractValidationError(contractLabel(contract), issues);
  }
  if (bytes === null || bytes.length === 0) {
    throw new ContractValidationError(contractLabel(contract), [{ path: '', message: 'record has no value' }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ContractValidationError(contractLabel(contract), [{ path: '', message: `not valid JSON (${reason})` }]);
  }
  return parseContract(contract, json);
}

function headerIssues(contract: Contract, headers: Readonly<Record<string, string | undefined>>): ContractIssue[] {
  const expected = [
    [HEADERS.contract, contract.name],
    [HEADERS.contractVersion, String(contract.version)],
  ] as const;
  return expected.flatMap(([name, wanted]) => {
    const found = headers[name];
    if (found === wanted) return [];
    // Quoted and cut short: the found value is whatever a producer wrote, and ends up in a log line.
    const shown = found === undefined ? 'none' : JSON.stringify(found.slice(0, 64));
    return [{ path: `header ${name}`, message: `expected ${JSON.stringify(wanted)}, found ${shown}` }];
  });
}
