import { authorize, type AccessTarget, type Plane } from './authorize.js';
import { AuthError } from './errors.js';
import type { Principal, ThrottleSettings } from './principals.js';
import { verifySigV4, type IncomingSignedRequest } from './sigv4.js';
import { TokenBuckets } from './token-bucket.js';

/**
 * SigV4 signing names: the two planes as the official clients sign them, and the audit-history
 * API's own name (no AWS client exists for it; callers sign with this service name).
 */
export const SIGNING_SERVICE: Record<Plane, string> = { control: 'iot', data: 'iot-jobs-data', history: 'iot-jobs-history' };

/** AWS accepts signatures up to 15 minutes away from its clock. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

export interface RequestGateOptions {
  principals: readonly Principal[];
  /** The region every credential scope must name (the service's AWS_REGION). */
  region: string;
  /** Default bucket for principals without their own `throttle`. */
  throttle: ThrottleSettings;
  maxSkewMs?: number;
  now?: () => number;
}

/**
 * Every request passes here before a handler runs: authenticate (SigV4), then throttle per
 * principal, then authorize for the plane and thing. Throttling counts refused requests too, so
 * probing other things' executions is rate limited like any other call.
 */
export class RequestGate {
  private readonly byAccessKeyId: ReadonlyMap<string, Principal>;
  private readonly buckets: TokenBuckets;
  private readonly now: () => number;

  constructor(private readonly options: RequestGateOptions) {
    if (options.principals.length === 0) throw new Error('RequestGate needs at least one principal');
    this.byAccessKeyId = new Map(options.principals.map((principal) => [principal.accessKeyId, principal]));
    this.now = options.now ?? Date.now;
    this.buckets = new TokenBuckets(this.now);
  }

  async admit(request: IncomingSignedRequest, target: AccessTarget): Promise<Principal> {
    const principal = await verifySigV4(request, {
      principalFor: (accessKeyId) => this.byAccessKeyId.get(accessKeyId),
      region: this.options.region,
      service: SIGNING_SERVICE[target.plane],
      now: this.now(),
      maxSkewMs: this.options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS,
    });
    const taken = this.buckets.take(principal.name, principal.throttle ?? this.options.throttle);
    if (!taken.allowed) {
      throw new AuthError('Throttling', `Rate exceeded for ${principal.name}`, taken.retryAfterSeconds);
    }
    authorize(principal, target);
    return principal;
  }
}
