import { Sha256 } from '@aws-crypto/sha256-browser';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Session } from './session.js';
import type { ConsoleSettings } from './settings.js';

/** One audit-history event (docs/history-api.openapi.yaml). */
export interface HistoryEvent {
  eventId: string;
  eventType: string;
  streamVersion: number;
  jobId: string;
  thingName: string | null;
  executionNumber: number | null;
  status: string | null;
  actor: string | null;
  occurredAt: string;
  payload: {
    previousStatus?: string | null;
    statusDetails?: Record<string, string> | null;
    force?: boolean | null;
    versionNumber?: number | null;
    reasonCode?: string | null;
    comment?: string | null;
  } & Record<string, unknown>;
}

interface HistoryPage {
  events: HistoryEvent[];
  nextToken?: string;
}

/** The history API cannot be used; the message says why in words. */
export class HistoryUnavailable extends Error {
  override name = 'HistoryUnavailable';
}

/** The audit history signs with its own service name, in the service's region. */
export const HISTORY_SIGNING_NAME = 'iot-jobs-history';

/** Client of the audit-history API, SigV4-signing every request with the operator's credentials. */
export class HistoryApi {
  private readonly signer: SignatureV4;

  constructor(
    readonly baseUrl: string,
    session: Session,
  ) {
    this.signer = new SignatureV4({
      service: HISTORY_SIGNING_NAME,
      region: session.region,
      sha256: Sha256,
      credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey },
    });
  }

  /** Every event of one (job, thing) execution stream, oldest first. */
  executionEvents(jobId: string, thingName: string): Promise<HistoryEvent[]> {
    return this.allPages(`/history/jobs/${encodeURIComponent(jobId)}/things/${encodeURIComponent(thingName)}`, {});
  }

  /** Events of a job and its executions, oldest first, from a time on; at most `limit` events. */
  jobEvents(jobId: string, from: string | undefined, limit: number): Promise<HistoryEvent[]> {
    return this.allPages(`/history/jobs/${encodeURIComponent(jobId)}`, from ? { from } : {}, limit);
  }

  private async allPages(path: string, query: Record<string, string>, limit = Number.POSITIVE_INFINITY): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.get<HistoryPage>(path, { ...query, maxResults: '250', ...(nextToken ? { nextToken } : {}) });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken && events.length < limit);
    return events;
  }

  private async get<T>(path: string, query: Record<string, string>): Promise<T> {
    const url = new URL(this.baseUrl.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const signed = await this.signer.sign({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { host: url.host },
    });
    const headers = { ...(signed.headers as Record<string, string>) };
    delete headers['host']; // the browser sets it, to the same value
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch {
      throw new HistoryUnavailable(
        `The audit history at ${this.baseUrl} could not be reached. Is the history consumer running there, and does it allow requests from this console's address (CORS)?`,
      );
    }
    if (response.ok) return (await response.json()) as T;
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    const reason = body.message ? `: ${body.message}` : '';
    if (response.status === 401 || response.status === 403) {
      throw new HistoryUnavailable(`The audit history refused your credentials (HTTP ${response.status}${reason}).`);
    }
    throw new HistoryUnavailable(`The audit history answered HTTP ${response.status}${reason}.`);
  }
}

/** The history API to use, or the sentence that explains why there is none. */
export type HistoryAccess = { api: HistoryApi; note?: string } | { api?: undefined; reason: string };

export function historyAccess(settings: ConsoleSettings, session: Session): HistoryAccess {
  const noKafka = 'This service runs without Kafka (KAFKA_BROKERS is not set), so the history consumer is not running';
  if (!session.historyApiUrl) {
    return {
      reason: settings.eventsPublished
        ? 'Audit history is not shown: no history API address is set. Sign out and enter it at sign-in, or set HISTORY_API_URL on the service.'
        : 'Audit history is not available: this service runs without Kafka (KAFKA_BROKERS is not set), so the history consumer is not running and there is no history to show. The current state comes from the service itself.',
    };
  }
  return {
    api: new HistoryApi(session.historyApiUrl, session),
    note: settings.eventsPublished ? undefined : `${noKafka}: the audit history may not show recent changes.`,
  };
}
