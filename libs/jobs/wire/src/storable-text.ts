/**
 * Characters PostgreSQL cannot store in `text` or `jsonb`: U+0000, and UTF-16 surrogates that
 * are not part of a pair (JSON's `"\ud800"` or a percent-encoded equivalent). A request carrying
 * one in any string (value or map key, in the path, the query or the body, whether or not a
 * schema knows the member) is refused by name instead of failing later in the database.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly the character to find.
const UNSTORABLE = /\u0000|\p{Cs}/u;

export const UNSTORABLE_TEXT_CONSTRAINT = 'Member must not contain U+0000 or unpaired UTF-16 surrogates';

export interface UnstorableText {
  /** Path from the request root, e.g. `['body', 'statusDetails', 'step']`. */
  path: PropertyKey[];
  /** True when the map key at `path` is the bad string, false when the value there is. */
  inKey: boolean;
}

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

interface Visit {
  value: unknown;
  key?: PropertyKey;
  parent?: Visit;
}

/**
 * Every string in `value` (nested objects and arrays, keys included) Postgres could not store.
 * Iterative, and paths are built only for what is found: a body of deeply nested arrays must
 * neither overflow the stack nor cost quadratic time.
 */
export function findUnstorableText(value: unknown): UnstorableText[] {
  const found: UnstorableText[] = [];
  const pending: Visit[] = [{ value }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const current = visit.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) found.push({ path: pathOf(visit), inKey: false });
    } else if (Array.isArray(current)) {
      // Pushed last to first, so that they are visited (and reported) in document order.
      for (let index = current.length - 1; index >= 0; index -= 1) pending.push({ value: current[index], key: index, parent: visit });
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, member] of Object.entries(current).reverse()) {
        const child = { value: member, key, parent: visit };
        if (isStorableText(key)) pending.push(child);
        else found.push({ path: pathOf(child), inKey: true });
      }
    }
  }
  return found;
}

function pathOf(visit: Visit): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** The text with the unstorable characters written as `\uXXXX`, safe to quote in a message. */
export function escapeUnstorable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly the character to escape.
  return text.replace(/\u0000|\p{Cs}/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
