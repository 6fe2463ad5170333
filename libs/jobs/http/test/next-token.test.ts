import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeNameToken, decodeNextToken, encodeNameToken, encodeNextToken, nameTokenMember, nextTokenMember } from '#jobs/http';

const MAX_BIGINT = 2n ** 63n - 1n;
const token = (json: string) => Buffer.from(json).toString('base64url');

describe('nextToken codec', () => {
  it('round-trips every keyset position through a URL-safe token', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_BIGINT }), (position) => {
        const issued = encodeNextToken(String(position));
        assert.match(issued, /^[A-Za-z0-9_-]+$/);
        assert.equal(decodeNextToken(issued), String(position));
      }),
    );
  });

  it('refuses tokens it did not issue', () => {
    const foreignVersion = token(JSON.stringify({ v: 2, c: '5' }));
    const noCursor = token(JSON.stringify({ v: 1 }));
    const notJson = Buffer.from('cursor').toString('base64url');
    for (const forged of ['abc/def=', 'cursor-after-job-1', foreignVersion, noCursor, notJson, '']) {
      assert.equal(decodeNextToken(forged), undefined, forged);
    }
  });

  it('refuses positions outside the bigint range or not in canonical decimal', () => {
    for (const cursor of [String(MAX_BIGINT + 1n), '99999999999999999999', '0', '-1', '007', '1e3', '1.5', ' 5', 'abc', '']) {
      assert.equal(decodeNextToken(encodeNextToken(cursor)), undefined, cursor);
    }
    assert.equal(decodeNextToken(encodeNextToken(String(MAX_BIGINT))), String(MAX_BIGINT));
  });

  it('refuses any other spelling of a valid token: JSON layout, extra members, base64 padding', () => {
    const issued = encodeNextToken('42');
    for (const tampered of [
      token('{"v": 1, "c": "42"}'),
      token('{"c":"42","v":1}'),
      token('{"v":1,"c":"42","x":0}'),
      token('{"v":1.0,"c":"42"}'),
      `${issued}A`,
      `${Buffer.from('{"v":1,"c":"42"}').toString('base64').replace(/=+$/, '')}==`,
    ]) {
      assert.equal(decodeNextToken(tampered), undefined, tampered);
    }
    assert.equal(decodeNextToken(issued), '42');
  });

  it('property: any string is refused unless it is the token issued for a valid position', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.string().map((text) => token(text)),
        ),
        (candidate) => {
          const cursor = decodeNextToken(candidate);
          if (cursor !== undefined) assert.equal(encodeNextToken(cursor), candidate);
        },
      ),
    );
  });

  it('has no nextToken key on the last page', () => {
    assert.deepEqual(nextTokenMember(undefined), {});
    assert.equal(decodeNextToken(nextTokenMember('7').nextToken ?? ''), '7');
  });
});

describe('nextToken codec of the registry lists (name cursors)', () => {
  const registryName = fc.stringMatching(/^[a-zA-Z0-9:_-]{1,128}$/);

  it('round-trips every thing or group name', () => {
    fc.assert(
      fc.property(registryName, (name) => {
        const issued = encodeNameToken(name);
        assert.match(issued, /^[A-Za-z0-9_-]+$/);
        assert.equal(decodeNameToken(issued), name);
      }),
    );
  });

  it('never takes a position token for a name, nor a name token for a position', () => {
    assert.equal(decodeNameToken(encodeNextToken('42')), undefined);
    assert.equal(decodeNextToken(encodeNameToken('42')), undefined);
  });

  it('refuses names the registry cannot hold and any other spelling', () => {
    for (const name of ['', 'a/b', 'with space', 'x'.repeat(129), 'ü']) assert.equal(decodeNameToken(encodeNameToken(name)), undefined, name);
    for (const tampered of [token('{"v": 1, "n": "a"}'), token('{"n":"a","v":1}'), token('{"v":2,"n":"a"}'), `${encodeNameToken('a')}A`]) {
      assert.equal(decodeNameToken(tampered), undefined, tampered);
    }
    assert.deepEqual(nameTokenMember(undefined), {});
    assert.equal(decodeNameToken(nameTokenMember('sensor-1').nextToken ?? ''), 'sensor-1');
  });
});
