import type pg from 'pg';
import { auditRowOf, insertAuditRows, type HistoryPayload } from './audit-row.js';

export type RecordOutcome = 'applied' | 'duplicate' | 'applied-after-gap';

export interface GapReport {
  streamId: string;
  lastApplied: number;
  received: number;
  eventId: string;
}

/**
 * Projects one delivered event into audit_history, idempotently: the event id is the inbox key, so
 * a redelivery inserts nothing. A stream version beyond last-applied + 1 means an earlier event
 * has not arrived: it is reported (never silently), and the row is still kept, because an audit
 * row stands on its own and the missing one fills in by its own id whenever it arrives.
 */
export class HistoryWriter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly onGap: (gap: GapReport) => void = () => undefined,
  ) {}

  async record(payload: HistoryPayload): Promise<RecordOutcome> {
    const { rows } = await this.pool.query<{ last: string | null }>('SELECT max(stream_version) AS last FROM audit_history WHERE stream_id = $1', [
      payload.streamId,
    ]);
    const lastApplied = Number(rows[0]?.last ?? 0);
    const inserted = await insertAuditRows(this.pool, 'audit_history', [auditRowOf(payload)]);
    if (inserted.length === 0) return 'duplicate';
    if (payload.streamVersion > lastApplied + 1) {
      this.onGap({ streamId: payload.streamId, lastApplied, received: payload.streamVersion, eventId: payload.eventId });
      return 'applied-after-gap';
    }
    return 'applied';
  }
}
