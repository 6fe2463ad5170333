export { AuthError, type AuthFailureCode } from './errors.js';
export {
  principalsFromSetting,
  PrincipalsConfigError,
  type AuditorPrincipal,
  type DevicePrincipal,
  type OperatorPrincipal,
  type Principal,
  type ThrottleSettings,
} from './principals.js';
export { authorize, type AccessTarget, type Plane } from './authorize.js';
export { TokenBuckets, type TakeResult } from './token-bucket.js';
export { NodeSha256, sha256Hex, verifySigV4, type IncomingSignedRequest, type VerifyOptions } from './sigv4.js';
export { DEFAULT_MAX_SKEW_MS, RequestGate, SIGNING_SERVICE, type RequestGateOptions } from './request-gate.js';
export { authSettings, requirePrincipalsWhenEnabled } from './settings.js';
