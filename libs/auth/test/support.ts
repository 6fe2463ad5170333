import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256, type IncomingSignedRequest, type Principal } from '#auth';

export const REGION = 'us-east-1';
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

export const OPERATOR: Principal = {
  name: 'ops',
  accessKeyId: 'AKIDOPERATOR1',
  secretAccessKey: 'operator-secret-0123456789',
  role: 'operator',
};

export const DEVICE: Principal = {
  name: 'device-a',
  accessKeyId: 'AKIDDEVICEA',
  secretAccessKey: 'device-a-secret-0123456789',
  role: 'device',
  thingNames: ['thing-a'],
};

export const AUDITOR: Principal = {
  name: 'audit-team',
  accessKeyId: 'AKIDAUDITOR1',
  secretAccessKey: 'auditor-secret-0123456789',
  role: 'auditor',
};

export interface ClientRequest {
  method: string;
  /** Encoded path as a client puts it on the wire. */
  path: string;
  query?: Record<string, string>;
  body?: string;
  host?: string;
}

/**
 * Signs a request the way the official JS SDK does (same signer, same options) and returns it as
 * the server would receive it.
 */
export async function signedRequest(
  request: ClientRequest,
  options: {
    principal?: Pick<Principal, 'accessKeyId' | 'secretAccessKey'>;
    service?: string;
    region?: string;
    signedAt?: number;
    contentHash?: boolean;
  } = {},
): Promise<IncomingSignedRequest> {
  const principal = options.principal ?? OPERATOR;
  const body = request.body ?? '';
  const host = request.host ?? '127.0.0.1:3000';
  const signer = new SignatureV4({
    service: options.service ?? 'iot',
    region: options.region ?? REGION,
    sha256: NodeSha256,
    applyChecksum: options.contentHash ?? true,
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey },
  });
  const headers: Record<string, string> = { host, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: host.split(':')[0]!, path: request.path, query: request.query ?? {}, headers, body },
    { signingDate: new Date(options.signedAt ?? NOW) },
  );
  const queryString = Object.entries(request.query ?? {})
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return {
    method: request.method,
    url: queryString ? `${request.path}?${queryString}` : request.path,
    headers: Object.fromEntries(Object.entries(signed.headers).map(([key, value]) => [key.toLowerCase(), String(value)])),
    body: Buffer.from(body),
  };
}
