/**
 * The AWS `nextToken` is opaque to callers. It wraps the read model's keyset cursor with a version
 * marker: for the jobs and executions lists the position of the page's last item (a positive
 * 64-bit integer in decimal, member `c`), for the registry lists (paged by name) the last name
 * (member `n`, a thing or group name). A token is accepted only if it is exactly what this edge
 * would issue for a valid cursor of the list's kind, so any tampering (another version or kind,
 * extra members, different JSON or base64 spelling, a position outside the database's bigint
 * range) is an invalid token, never a garbage cursor for the query.
 */
const TOKEN_VERSION = 1;

export type CursorKind = 'position' | 'name';

const MEMBER: Record<CursorKind, 'c' | 'n'> = { position: 'c', name: 'n' };
/** Thing and thing-group names. */
const NAME = /^[a-zA-Z0-9:_-]{1,128}$/;

const DECIMAL_POSITION = /^[1-9][0-9]{0,18}$/;
const MAX_POSITION = 2n ** 63n - 1n;

export function encodeNextToken(cursor: string, kind: CursorKind = 'position'): string {
  return Buffer.from(JSON.stringify({ v: TOKEN_VERSION, [MEMBER[kind]]: cursor }), 'utf8').toString('base64url');
}

/** The cursor inside a token this edge issued for a list of `kind`, or undefined for anything else. */
export function decodeNextToken(token: string, kind: CursorKind = 'position'): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const cursor = (decoded as Record<string, unknown>)[MEMBER[kind]];
  if (typeof cursor !== 'string' || !(kind === 'position' ? isPosition(cursor) : NAME.test(cursor))) return undefined;
  return encodeNextToken(cursor, kind) === token ? cursor : undefined;
}

/** A keyset position the read model's bigint columns can hold. */
export function isPosition(cursor: string): boolean {
  return DECIMAL_POSITION.test(cursor) && BigInt(cursor) <= MAX_POSITION;
}

/** `{ nextToken }` for a page that has a successor, `{}` for the last page (no key at all). */
export function nextTokenMember(nextCursor: string | undefined, kind: CursorKind = 'position'): { nextToken?: string } {
  return nextCursor === undefined ? {} : { nextToken: encodeNextToken(nextCursor, kind) };
}
