import { OPERATOR, REGION, signedFetch as signedFetchAs, type SignedFetchOptions } from '#testing';

export type SigningOptions = Partial<Omit<SignedFetchOptions, 'region'>>;

/**
 * libs/testing's `signedFetch` with this service's defaults: the operator's credentials, the
 * test region, and the signing name of the URL's plane (`iot-jobs-data` under /data-plane, else `iot`).
 */
export function signedFetch(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  options: SigningOptions = {},
): Promise<Response> {
  const service = options.service ?? (new URL(url).pathname.startsWith('/data-plane/') ? 'iot-jobs-data' : 'iot');
  return signedFetchAs(url, init, { ...options, credentials: options.credentials ?? OPERATOR, region: REGION, service });
}
