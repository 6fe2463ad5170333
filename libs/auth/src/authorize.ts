import { AuthError } from './errors.js';
import type { Principal } from './principals.js';

/** The two AWS planes of the jobs service, and the audit-history API of the history consumer. */
export type Plane = 'control' | 'data' | 'history';

/** What a request wants to touch: the plane, and the thing its path names (if any). */
export interface AccessTarget {
  plane: Plane;
  thingName?: string;
}

/**
 * Operators may do everything. An auditor may read the audit history and nothing else. A device
 * may use the data plane, and only for one of its own thing names; a data-plane route without a
 * thing name is refused to a device (fail closed). Devices never read the history.
 */
export function authorize(principal: Principal, target: AccessTarget): void {
  if (principal.role === 'operator') return;
  if (principal.role === 'auditor') {
    if (target.plane === 'history') return;
    throw new AuthError('AccessDenied', `${principal.name} is an auditor principal and may only read the audit history`);
  }
  if (target.plane === 'history') {
    throw new AuthError('AccessDenied', `${principal.name} is a device principal and may not read the audit history`);
  }
  if (target.plane !== 'data') {
    throw new AuthError('AccessDenied', `${principal.name} is a device principal and may not call control-plane operations`);
  }
  if (target.thingName === undefined || !principal.thingNames.includes(target.thingName)) {
    throw new AuthError('AccessDenied', `${principal.name} is not authorized to act for thing ${target.thingName ?? '(none)'}`);
  }
}
