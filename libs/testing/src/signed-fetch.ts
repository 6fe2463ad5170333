import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '#auth';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignedFetchOptions {
  credentials: SigningCredentials;
  region: string;
  /** Signing name, e.g. `iot`, `iot-jobs-data`, `iot-jobs-history`. */
  service: string;
  signedAt?: Date;
  /** Changes the request after signing, the way an attacker on the path would. */
  tamper?: (request: { headers: Record<string, string>; body: string }) => void;
}

/**
 * `fetch` with a SigV4 signature made by the same signer the SDK uses: for APIs no SDK client
 * exists for (the audit history), for requests the SDK cannot send (malformed bodies, literal
 * `$next`) and for deliberately broken signatures.
 */
export async function signedFetch(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> },
  options: SignedFetchOptions,
): Promise<Response> {
  const target = new URL(url);
  const method = init.method ?? 'GET';
  const body = init.body ?? '';
  const signer = new SignatureV4({ service: options.service, region: options.region, sha256: NodeSha256, credentials: options.credentials });
  const query = Object.create(null) as Record<string, string>;
  for (const [key, value] of target.searchParams) query[key] = value;
  const headers: Record<string, string> = {
    host: target.host,
    ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...init.headers,
  };
  const signed = await signer.sign(
    { method, protocol: target.protocol, hostname: target.hostname, path: target.pathname, query, headers, body },
    options.signedAt ? { signingDate: options.signedAt } : {},
  );
  const request = { headers: { ...(signed.headers as Record<string, string>) }, body };
  options.tamper?.(request);
  delete request.headers['host'];
  return fetch(url, { method, headers: request.headers, ...(init.body === undefined ? {} : { body: request.body }) });
}
