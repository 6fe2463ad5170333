-- Up Migration

-- Per thing, the pending executions (QUEUED and IN_PROGRESS, front first) that the MQTT notifier
-- last announced on notify/notify-next. The notifier compares each thing's current pending list
-- with this row to decide what to publish, and writes the row only after the broker acknowledged
-- the messages: a crash or a broker outage in between makes it publish again, never skip.
-- A thing with nothing pending has no row.
CREATE TABLE mqtt_notified_pending (
  thing_name  text PRIMARY KEY,
  -- [{"jobId": "...", "executionNumber": n}, ...] in pending order; the first is the front.
  pending     jsonb NOT NULL,
  notified_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration

DROP TABLE mqtt_notified_pending;
