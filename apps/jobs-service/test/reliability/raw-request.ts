import { NodeSha256 } from '#auth';
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { OPERATOR, REGION, type Credentials } from '#testing';

/**
 * A request exactly as it goes on the wire. `fetch` and the SDK normalise paths (`/a/../b`
 * becomes `/b`) and refuse odd bytes, so hostile input needs this lower-level client: the path and
 * query are sent verbatim, the body is raw bytes.
 */
export interface RawRequest {
  method: string;
  /** Already percent-encoded, sent as is. */
  path: string;
  /** Raw `key=value` pairs, already percent-encoded; duplicates allowed. */
  query: Array<[string, string]>;
  /** Sent unsigned, after signing: a proxy or an attacker could add them as well. */
  headers: Record<string, string>;
  body?: Buffer;
  auth: AuthMode;
}

export type AuthMode = 'signed' | 'unsigned' | 'garbage' | 'wrong-secret' | 'stale';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawTarget(request: Pick<RawRequest, 'path' | 'query'>): string {
  const query = request.query.map(([key, value]) => `${key}=${value}`).join('&');
  return query === '' ? request.path : `${request.path}?${query}`;
}

/** The query as the service's verifier reads it (decoded, repeated keys as arrays). */
function decodedQuery(pairs: Array<[string, string]>): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [rawKey, rawValue] of pairs) {
    const key = safeDecode(rawKey);
    const value = safeDecode(rawValue);
    const existing = query[key];
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component; // the service refuses it anyway; the signature just has to be computable
  }
}

async function authorizationHeaders(request: RawRequest, host: string): Promise<Record<string, string>> {
  if (request.auth === 'unsigned') return {};
  if (request.auth === 'garbage') return { authorization: 'AWS4-HMAC-SHA256 Credential=%00/\u00ff;; Signature=zz', 'x-amz-date': 'yesterday' };
  const credentials: Credentials = request.auth === 'wrong-secret' ? { ...OPERATOR, secretAccessKey: 'not-the-operator-secret-000' } : OPERATOR;
  const service = request.path.startsWith('/data-plane/') ? 'iot-jobs-data' : 'iot';
  const signer = new SignatureV4({ service, region: REGION, sha256: NodeSha256, credentials, uriEscapePath: true, applyChecksum: false });
  const signingDate = request.auth === 'stale' ? new Date(Date.now() - 60 * 60_000) : new Date();
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: host.split(':')[0]!,
      path: request.path,
      query: decodedQuery(request.query),
      headers: { host },
      body: request.body ?? '',
    },
    { signingDate },
  );
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers['host'];
  return headers;
}

/** Sends the request over a fresh connection and collects the whole answer. */
export async function sendRaw(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port, host } = new URL(baseUrl);
  const headers: Record<string, string> = {
    ...(await authorizationHeaders(request, host)),
    ...request.headers,
    ...(request.body === undefined ? {} : { 'content-length': String(request.body.length) }),
  };
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = http.request({ hostname, port, method: request.method, path: rawTarget(request), headers, agent: false }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    // A server that answers an oversized body early may close before the upload ends; the answer counts.
    outgoing.on('error', (error) => (answered ? undefined : reject(error)));
    outgoing.end(request.body);
  });
}
