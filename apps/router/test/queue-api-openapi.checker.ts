import Ajv, { type ValidateFunction } from 'ajv';

export interface ObservedResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
}

interface Operation {
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: unknown }> }>;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components?: { readonly schemas?: Record<string, unknown> };
}

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv, and stricter than the document on purpose: `nullable`
 * becomes "or null", and an object may hold only the properties the document lists, so a field the
 * code returns but the document leaves out is drift too (the served document leaves objects open
 * for clients).
 */
function toStrictJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toStrictJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, toStrictJsonSchema(value)]));
  if (converted['type'] === 'object' && converted['properties'] !== undefined && converted['additionalProperties'] === undefined) converted['additionalProperties'] = false;
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** Checks real responses against the OpenAPI document the API serves. */
export class OpenApiResponseChecker {
  private readonly ajv = new Ajv({ allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly components: unknown;

  constructor(private readonly document: OpenApiDocument) {
    this.components = toStrictJsonSchema(document.components ?? {});
  }

  /** The documented template of a concrete path (`/v1/tickets/{ticketId}` for `/v1/tickets/9d1e…`). */
  private template(path: string): string | undefined {
    const bare = path.split('?')[0] ?? path;
    return Object.keys(this.document.paths).find((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare));
  }

  /** What is wrong with one response: a route or status the document does not list, or a body its schema refuses. */
  problems(response: ObservedResponse): string[] {
    const label = `${response.method} ${response.path.slice(0, 80)} → ${response.status}`;
    const template = this.template(response.path);
    const operation = template === undefined ? undefined : this.document.paths[template]?.[response.method.toLowerCase()];
    if (!template || !operation) return [`${label}: no such operation in the document`];
    const schema = operation.responses[String(response.status)]?.content?.['application/json']?.schema;
    if (schema === undefined) return [`${label}: the document gives no schema for this status`];
    const key = `${response.method} ${template} ${response.status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      // The components ride along so the document's #/components/schemas/… references resolve.
      validate = this.ajv.compile({ allOf: [toStrictJsonSchema(schema)], components: this.components });
      this.validators.set(key, validate);
    }
    if (validate(response.body)) return [];
    return (validate.errors ?? []).map((error) => `${label}: ${error.dataPath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  }

  /** Every documented 2xx of every operation, as `METHOD template status`. */
  successes(): string[] {
    return Object.entries(this.document.paths).flatMap(([template, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.keys(operation.responses)
          .filter((status) => status.startsWith('2'))
          .map((status) => `${method.toUpperCase()} ${template} ${status}`),
      ),
    );
  }

  /** `METHOD template status` of a response, to compare with successes(). */
  key(response: ObservedResponse): string {
    return `${response.method} ${this.template(response.path) ?? response.path} ${response.status}`;
  }
}
