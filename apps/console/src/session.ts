/**
 * The operator's credentials and choices from sign-in. Kept in sessionStorage only: they live as
 * long as the browser tab and are never written anywhere else or sent anywhere but in signatures.
 */
export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Base URL of the audit-history API; empty when the operator has none. */
  historyApiUrl: string;
}

const KEY = 'iot-jobs-console.session';

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.accessKeyId === 'string' && typeof value.secretAccessKey === 'string' && typeof value.region === 'string') {
      return {
        accessKeyId: value.accessKeyId,
        secretAccessKey: value.secretAccessKey,
        region: value.region,
        historyApiUrl: value.historyApiUrl ?? '',
      };
    }
  } catch {
    // A damaged entry is the same as none: the operator signs in again.
  }
  sessionStorage.removeItem(KEY);
  return undefined;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
