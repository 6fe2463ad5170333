import { createHash, createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { AuthError } from './errors.js';
import type { Principal } from './principals.js';

/** A request exactly as it arrived: the raw (still-encoded) URL, lower-case headers, raw body. */
export interface IncomingSignedRequest {
  method: string;
  /** Path and query as received, before any decoding or rewriting. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /**
   * Header names and values in arrival order (Node's `rawHeaders`). Node keeps only the first of
   * a repeated `Authorization` in `headers`, so a second one is visible only here.
   */
  rawHeaders?: readonly string[];
  body: Buffer;
}

export interface VerifyOptions {
  principalFor(accessKeyId: string): Principal | undefined;
  region: string;
  /** Signing name of the plane: `iot` (control) or `iot-jobs-data` (data). */
  service: string;
  now: number;
  maxSkewMs: number;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;._-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

/**
 * Verifies an AWS Signature Version 4 (Authorization header form) and returns the principal it
 * proves. The request is rebuilt the way the client signed it and signed again with the secret of
 * the claimed access key id; the two signatures are compared in constant time.
 */
export async function verifySigV4(request: IncomingSignedRequest, options: VerifyOptions): Promise<Principal> {
  refuseRepeatedCredentialHeaders(request);
  const authorization = header(request, 'authorization');
  if (authorization === undefined || authorization === '') {
    throw new AuthError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  }
  const match = AUTHORIZATION.exec(authorization);
  if (!match) {
    throw new AuthError('IncompleteSignature', 'The Authorization header is not a well-formed AWS4-HMAC-SHA256 signature');
  }
  const [, accessKeyId, scopeDate, scopeRegion, scopeService, signedHeaderList, signature] = match as unknown as string[];
  const principal = options.principalFor(accessKeyId!);
  if (!principal) throw new AuthError('UnrecognizedClient', 'The security token included in the request is invalid.');
  checkScope(scopeRegion!, scopeService!, options);
  const signedAt = signingTime(request, scopeDate!, options);
  const signedHeaders = signedHeaderValues(request, signedHeaderList!);
  checkPayloadHash(request);
  const expected = await computeSignature(request, principal, signedHeaders, signedAt, options);
  if (!sameHex(expected, signature!)) {
    throw new AuthError(
      'InvalidSignature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return principal;
}

/** Headers that say who signed and when: given twice, which one counts would be a guess. */
const SINGLE_CREDENTIAL_HEADERS = ['authorization', 'x-amz-date'] as const;

function refuseRepeatedCredentialHeaders(request: IncomingSignedRequest): void {
  for (const name of SINGLE_CREDENTIAL_HEADERS) {
    if (occurrences(request, name) > 1) {
      throw new AuthError('IncompleteSignature', `The request carries more than one ${name} header; exactly one is allowed`);
    }
  }
}

function occurrences(request: IncomingSignedRequest, name: string): number {
  const raw = request.rawHeaders;
  if (raw === undefined) {
    const value = ownHeader(request, name);
    return Array.isArray(value) ? value.length : value === undefined ? 0 : 1;
  }
  let count = 0;
  for (let index = 0; index < raw.length; index += 2) if (raw[index]!.toLowerCase() === name) count += 1;
  return count;
}

function checkScope(region: string, service: string, options: VerifyOptions): void {
  if (service !== options.service) {
    throw new AuthError('InvalidSignature', `Credential should be scoped to correct service: '${options.service}'.`);
  }
  if (region !== options.region) {
    throw new AuthError('InvalidSignature', `Credential should be scoped to a valid region: '${options.region}'.`);
  }
}

/** The signing time from `x-amz-date`; its day must equal the scope's, and it must be recent. */
function signingTime(request: IncomingSignedRequest, scopeDate: string, options: VerifyOptions): Date {
  const amzDate = header(request, 'x-amz-date') ?? '';
  const parts = AMZ_DATE.exec(amzDate);
  if (!parts) throw new AuthError('IncompleteSignature', 'The request must carry an x-amz-date header of the form YYYYMMDDTHHMMSSZ');
  if (amzDate.slice(0, 8) !== scopeDate) {
    throw new AuthError('InvalidSignature', 'The credential scope date does not match the x-amz-date header');
  }
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  const signedAt = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (Math.abs(options.now - signedAt.getTime()) > options.maxSkewMs) {
    // This exact wording makes the SDK correct its clock from our Date header and retry.
    throw new AuthError(
      'InvalidSignature',
      `Signature expired: ${amzDate} is outside the allowed clock skew of the server time ${compactIso(options.now)}`,
    );
  }
  return signedAt;
}

/** Exactly the headers the client signed; a request that lost one of them cannot verify. */
function signedHeaderValues(request: IncomingSignedRequest, list: string): Record<string, string> {
  const names = list.split(';');
  if (!names.includes('host')) throw new AuthError('InvalidSignature', 'The host header must be signed');
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of names) {
    const value = header(request, name);
    if (value === undefined) throw new AuthError('InvalidSignature', `The signed header ${name} is missing from the request`);
    values[name] = value;
  }
  return values;
}

/**
 * The signer trusts `x-amz-content-sha256` instead of hashing the body, so a changed body with the
 * original header would verify. The body is hashed here and must match the header when present.
 */
function checkPayloadHash(request: IncomingSignedRequest): void {
  const claimed = header(request, 'x-amz-content-sha256');
  if (claimed !== undefined && claimed !== sha256Hex(request.body)) {
    throw new AuthError('InvalidSignature', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
}

async function computeSignature(
  request: IncomingSignedRequest,
  principal: Principal,
  headers: Record<string, string>,
  signedAt: Date,
  options: VerifyOptions,
): Promise<string> {
  const { path, query } = splitUrl(request.url);
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    sha256: NodeSha256,
    uriEscapePath: true,
    applyChecksum: false,
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey },
  });
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: 'unused', path, query, headers, body: request.body },
    { signingDate: signedAt, signingRegion: options.region, signingService: options.service },
  );
  const computed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization']))?.[1];
  if (!computed) throw new Error('the signer produced no signature');
  return computed;
}

/**
 * The raw path (the signer encodes it once more, as the client's did) and decoded query values.
 * The query map has no prototype: a parameter named `constructor` or `__proto__` must be a plain
 * key, not an inherited member that a lookup would find before the parameter was ever seen.
 */
function splitUrl(url: string): { path: string; query: Record<string, string | string[]> } {
  const questionMark = url.indexOf('?');
  const path = questionMark === -1 ? url : url.slice(0, questionMark);
  const query = Object.create(null) as Record<string, string | string[]>;
  if (questionMark === -1) return { path, query };
  for (const pair of url.slice(questionMark + 1).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
    const existing = query[key];
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { path, query };
}

function decode(component: string): string {
  try {
    // `+` stays a plus: the SDK sends a space as %20.
    return decodeURIComponent(component);
  } catch {
    throw new AuthError('InvalidSignature', 'The query string is not valid percent-encoding');
  }
}

function header(request: IncomingSignedRequest, name: string): string | undefined {
  const value = ownHeader(request, name);
  return Array.isArray(value) ? value.join(',') : value;
}

/** Only headers the request carries: a signed header named `constructor` is not Object's. */
function ownHeader(request: IncomingSignedRequest, name: string): string | string[] | undefined {
  return Object.hasOwn(request.headers, name) ? request.headers[name] : undefined;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function sha256Hex(body: BinaryLike): string {
  return createHash('sha256').update(body).digest('hex');
}

function compactIso(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** The hash/HMAC shape SignatureV4 expects, on node:crypto (also what test clients sign with). */
export class NodeSha256 {
  private readonly hash;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBinary(secret));
  }

  update(data: SourceData): void {
    this.hash.update(toBinary(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBinary(data: SourceData): BinaryLike {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
