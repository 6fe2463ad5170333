import { MqttRequestError } from './rejections.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A request payload as a JSON object. Empty means `{}` (some device SDKs send zero bytes);
 * anything that is not UTF-8 JSON, or is JSON but not an object, is InvalidJson.
 */
export function parsePayload(payload: Uint8Array): Record<string, unknown> {
  if (payload.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(payload));
  } catch {
    throw new MqttRequestError('InvalidJson', 'The payload is not valid UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MqttRequestError('InvalidJson', 'The payload must be a JSON object');
  }
  return value as Record<string, unknown>;
}

const MAX_CLIENT_TOKEN_LENGTH = 64;

/**
 * The request's clientToken, to echo in the reply, even a rejected one: the device SDK v2 matches
 * replies to requests on it. Undefined when the payload has none or an unusable one.
 */
export function clientTokenOf(payload: Uint8Array): string | undefined {
  try {
    const token = parsePayload(payload)['clientToken'];
    return typeof token === 'string' && token.length > 0 && token.length <= MAX_CLIENT_TOKEN_LENGTH ? token : undefined;
  } catch {
    return undefined;
  }
}

export { MAX_CLIENT_TOKEN_LENGTH };
