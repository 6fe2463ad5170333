/**
 * The AWS `nextToken` is opaque to callers. It wraps the read model's keyset cursor (the position
 * of the last item of the page: a positive 64-bit integer in decimal) with a version marker. A
 * token is accepted only if it is exactly what this edge would issue for a valid cursor, so any
 * tampering (another version, extra members, different JSON or base64 spelling, a position
 * outside the database's bigint range) is an invalid token, never a garbage cursor for the query.
 */
const TOKEN_VERSION = 1;

const DECIMAL_POSITION = /^[1-9][0-9]{0,18}$/;
const MAX_POSITION = 2n ** 63n - 1n;

/** A token of the cursor kind whose member is `member` ('c': position, 'n': name). */
function encode(member: 'c' | 'n', cursor: string): string {
  return Buffer.from(JSON.stringify({ v: TOKEN_VERSION, [member]: cursor }), 'utf8').toString('base64url');
}

/** The cursor of a token this edge would issue for `member` and a cursor `valid` accepts; else undefined. */
function decode(member: 'c' | 'n', token: string, valid: (cursor: string) => boolean): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const cursor = (decoded as Record<string, unknown>)[member];
  if (typeof cursor !== 'string' || !valid(cursor)) return undefined;
  return encode(member, cursor) === token ? cursor : undefined;
}

export function encodeNextToken(cursor: string): string {
  return encode('c', cursor);
}

/** The cursor inside a token this edge issued, or undefined for anything else. */
export function decodeNextToken(token: string): string | undefined {
  return decode('c', token, isPosition);
}

/** A keyset position the read model's bigint columns can hold. */
export function isPosition(cursor: string): boolean {
  return DECIMAL_POSITION.test(cursor) && BigInt(cursor) <= MAX_POSITION;
}

/** `{ nextToken }` for a page that has a successor, `{}` for the last page (no key at all). */
export function nextTokenMember(nextCursor: string | undefined): { nextToken?: string } {
  return nextCursor === undefined ? {} : { nextToken: encodeNextToken(nextCursor) };
}

/**
 * The registry lists page by name, not by position: their cursor is the last name of the page (a
 * thing or thing-group name). Its token has its own member (`n`), so a name token is never taken
 * for a position and a position token never for a name; the same canonical-spelling rule applies.
 */
const REGISTRY_NAME = /^[a-zA-Z0-9:_-]{1,128}$/;

export function encodeNameToken(name: string): string {
  return encode('n', name);
}

/** The name inside a registry token this edge issued, or undefined for anything else. */
export function decodeNameToken(token: string): string | undefined {
  return decode('n', token, (name) => REGISTRY_NAME.test(name));
}

/** `{ nextToken }` of a registry list page that has a successor, `{}` for the last page. */
export function nameTokenMember(nextName: string | undefined): { nextToken?: string } {
  return nextName === undefined ? {} : { nextToken: encodeNameToken(nextName) };
}
