import type { AddressObject, EmailAddress, HeaderValue, Headers, StructuredHeader } from 'mailparser';

/** Typed reads of mailparser's loosely typed header map. */

export function headerText(headers: Headers, name: string): string | undefined {
  const value = headers.get(name);
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

export function headerTexts(headers: Headers, name: string): string[] {
  const value = headers.get(name);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

export function structuredHeader(headers: Headers, name: string): StructuredHeader | undefined {
  const value = headers.get(name);
  return isStructured(value) ? value : undefined;
}

export function headerDate(headers: Headers, name: string): Date | undefined {
  const value = headers.get(name);
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : undefined;
}

/** Every mailbox in an address header, groups flattened. */
export function headerAddresses(headers: Headers, name: string): EmailAddress[] {
  const value = headers.get(name);
  const objects = Array.isArray(value) ? value.filter(isAddressObject) : isAddressObject(value) ? [value] : [];
  return objects.flatMap((object) => object.value.flatMap((entry) => (entry.group ? entry.group : [entry])));
}

function isStructured(value: HeaderValue | undefined): value is StructuredHeader {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && 'value' in value && 'params' in value;
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && 'value' in value && Array.isArray((value as AddressObject).value);
}
