import type { z } from 'zod';
import { escapeUnstorable, findUnstorableText, UNSTORABLE_TEXT_CONSTRAINT, type UnstorableText } from './storable-text.js';

/**
 * Turns zod issues into the AWS wording ("2 validation errors detected: Value 'x' at 'jobId'
 * failed to satisfy constraint: ...") so a caller sees every bad field at once. The schemas carry
 * AWS-style constraint texts as their messages; this only adds the value and the field path.
 */
export function validationMessage(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return countedMessage(issueParts(issues, input));
}

function issueParts(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => notSupported(issue.path, key)) : [describeIssue(issue, input)],
  );
}

function countedMessage(parts: readonly string[]): string {
  const count = parts.length === 1 ? '1 validation error detected' : `${parts.length} validation errors detected`;
  return `${count}: ${parts.join('; ')}`;
}

/**
 * Parses a request (`{params?, query?, body?}`) with `schema`; on failure, the message naming every
 * failed field. Before any schema rule, every string of the request (known member or not) must be
 * one Postgres can store.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | { ok: false; message: string } {
  const unstorable = findUnstorableText(input);
  const result = schema.safeParse(input);
  if (result.success && unstorable.length === 0) return { ok: true, data: result.data };
  const badPaths = new Set(unstorable.map((found) => fieldPath(found.path)));
  const schemaIssues = result.success ? [] : result.error.issues.filter((issue) => !badPaths.has(fieldPath(issue.path)));
  return { ok: false, message: countedMessage([...unstorable.map(describeUnstorable), ...issueParts(schemaIssues, input)]) };
}

function describeUnstorable({ path, inKey }: UnstorableText): string {
  const shown = show(escapeUnstorable(String(path.at(-1))));
  if (inKey) return `Key ${shown} at '${fieldPath(path.slice(0, -1))}' failed to satisfy constraint: ${UNSTORABLE_TEXT_CONSTRAINT}`;
  return `Value at '${fieldPath(path)}' failed to satisfy constraint: ${UNSTORABLE_TEXT_CONSTRAINT}`;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = fieldPath(issue.path);
  const value = valueAt(input, issue.path);
  if (path === '') return `Request body ${issue.message.replace(/^Member /, '')}`;
  if (issue.code === 'invalid_key') {
    const reasons = issue.issues.map((inner) => inner.message).join(', ');
    return `Key ${show(issue.path.at(-1))} at '${fieldPath(issue.path.slice(0, -1))}' failed to satisfy constraint: ${reasons}`;
  }
  if (value === undefined) {
    const constraint = issue.code === 'custom' ? issue.message : 'Member must not be null';
    return `Value null at '${path}' failed to satisfy constraint: ${constraint}`;
  }
  return `Value ${show(value)} at '${path}' failed to satisfy constraint: ${issue.message}`;
}

/** A member the operation's schema does not name: the service refuses what it would not honour. */
function notSupported(path: readonly PropertyKey[], key: string): string {
  return `${[fieldPath(path), key].filter((part) => part !== '').join('.')} is not supported by this service`;
}

/** The request part (params, query, body) is not part of the AWS member name. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.slice(1).map(String).join('.');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const MAX_SHOWN = 100;

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const clipped = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
  return `'${clipped}'`;
}
