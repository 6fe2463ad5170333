-- Up Migration

-- Thing and thing-group events (the things topic) belong to no job: their rows have no job_id.
-- A thing event's row carries the thing's name in thing_name, so the thing's history
-- (thing_name, global_position) lists its registry and membership events beside its executions;
-- a thing-group event's row has neither and is found by its stream_id.
ALTER TABLE audit_history ALTER COLUMN job_id DROP NOT NULL;
