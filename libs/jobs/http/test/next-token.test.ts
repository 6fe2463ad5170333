import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeNextToken, encodeNextToken, nextTokenMember } from '#jobs/http';

describe('nextToken codec', () => {
  it('round-trips any cursor through a URL-safe token', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (cursor) => {
        const token = encodeNextToken(cursor);
        assert.match(token, /^[A-Za-z0-9_-]+$/);
        assert.equal(decodeNextToken(token), cursor);
      }),
    );
  });

  it('refuses tokens it did not issue', () => {
    const foreignVersion = Buffer.from(JSON.stringify({ v: 2, c: 'x' })).toString('base64url');
    const noCursor = Buffer.from(JSON.stringify({ v: 1 })).toString('base64url');
    const notJson = Buffer.from('cursor').toString('base64url');
    for (const token of ['abc/def=', 'cursor-after-job-1', foreignVersion, noCursor, notJson, '']) {
      assert.equal(decodeNextToken(token), undefined, token);
    }
  });

  it('has no nextToken key on the last page', () => {
    assert.deepEqual(nextTokenMember(undefined), {});
    assert.equal(decodeNextToken(nextTokenMember('c').nextToken ?? ''), 'c');
  });
});
