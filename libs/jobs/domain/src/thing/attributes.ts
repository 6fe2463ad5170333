import { DomainError } from '../errors.js';

/** Attribute name/value pairs of a thing or a thing group. */
export type Attributes = Readonly<Record<string, string>>;

/** How a request's `attributePayload` changes the stored attributes (docs/aws-behaviour.md §13.3). */
export interface AttributePayload {
  readonly attributes?: Attributes;
  /** false (the default): the map is replaced. true: keys are upserted and "" deletes a key. */
  readonly merge?: boolean;
}

/** Attributes a thing may carry without a thing type, and with one (DECISIONS.md 33). */
export const MAX_ATTRIBUTES_WITHOUT_TYPE = 3;
export const MAX_ATTRIBUTES_WITH_TYPE = 50;

export function applyAttributePayload(current: Attributes, payload: AttributePayload | undefined): Attributes {
  if (payload?.attributes === undefined) return current;
  if (!payload.merge) return withoutEmptyValues(payload.attributes);
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(payload.attributes)) {
    if (value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

/** On create (and on a replace), an empty value has nothing to delete: it is not stored. */
export function withoutEmptyValues(attributes: Attributes | undefined): Attributes {
  return Object.fromEntries(Object.entries(attributes ?? {}).filter(([, value]) => value !== ''));
}

export function assertAttributeCount(attributes: Attributes, limit: number, owner: string): void {
  const count = Object.keys(attributes).length;
  if (count > limit) {
    throw new DomainError('InvalidRequest', `${owner} may have at most ${limit} attributes, got ${count}`);
  }
}

export function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}
