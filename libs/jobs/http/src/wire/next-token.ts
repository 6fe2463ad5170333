/**
 * The AWS `nextToken` is opaque to callers. It wraps the read model's cursor with a version marker,
 * so a token from another source (or from a future, incompatible format) is refused as
 * "invalid nextToken" instead of reaching the query as a garbage cursor.
 */
const TOKEN_VERSION = 1;

export function encodeNextToken(cursor: string): string {
  return Buffer.from(JSON.stringify({ v: TOKEN_VERSION, c: cursor }), 'utf8').toString('base64url');
}

/** The cursor inside a token this edge issued, or undefined for anything else. */
export function decodeNextToken(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return undefined;
    const { v, c } = decoded as { v?: unknown; c?: unknown };
    return v === TOKEN_VERSION && typeof c === 'string' && c.length > 0 ? c : undefined;
  } catch {
    return undefined;
  }
}

/** `{ nextToken }` for a page that has a successor, `{}` for the last page (no key at all). */
export function nextTokenMember(nextCursor: string | undefined): { nextToken?: string } {
  return nextCursor === undefined ? {} : { nextToken: encodeNextToken(nextCursor) };
}
