-- Up Migration

-- One row per stream. `version` is the number of events in the stream (0 = empty) and only ever
-- moves through guarded statements in the append path, never downward.
CREATE TABLE es_streams (
  stream_id    text PRIMARY KEY,
  stream_type  text,
  version      bigint NOT NULL CHECK (version >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The event log, and also the outbox. `global_position` is handed out before commit, so on its own
-- it is not commit-ordered; readers order by (transaction_id, global_position) and only read below
-- pg_snapshot_xmin, where no transaction can still add rows.
CREATE TABLE es_events (
  global_position  bigint GENERATED ALWAYS AS IDENTITY,
  transaction_id   xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id        text NOT NULL,
  stream_version   bigint NOT NULL CHECK (stream_version >= 1),
  event_id         uuid NOT NULL UNIQUE,
  event_type       text NOT NULL,
  schema_version   int NOT NULL DEFAULT 1,
  data             jsonb NOT NULL,
  metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at      timestamptz NOT NULL DEFAULT now(),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, stream_version)
);

CREATE INDEX es_events_commit_order ON es_events (transaction_id, global_position);

-- One row per subscription: its position (exactly the ordering key) and who holds the lease.
CREATE TABLE es_checkpoints (
  subscription     text PRIMARY KEY,
  checkpoint_txid  xid8 NOT NULL DEFAULT '0',
  checkpoint_gp    bigint NOT NULL DEFAULT 0,
  owner            text,
  lease_until      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Down Migration

DROP TABLE es_checkpoints;
DROP TABLE es_events;
DROP TABLE es_streams;
