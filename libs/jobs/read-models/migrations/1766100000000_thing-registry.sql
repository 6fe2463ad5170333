-- Up Migration

-- The thing registry's current state, updated inline in the append transaction (read-your-writes
-- for Describe/List and for resolving job targets).
CREATE TABLE thing_view (
  thing_name       text PRIMARY KEY,
  thing_id         text NOT NULL,
  thing_type_name  text,
  attributes       jsonb NOT NULL DEFAULT '{}'::jsonb,
  version          bigint NOT NULL
);
CREATE INDEX thing_view_type ON thing_view (thing_type_name, thing_name);

-- Static thing groups. root_to_parent holds the ancestors' names from the root down; the GIN
-- index answers "every descendant of G" (G = ANY(root_to_parent)).
CREATE TABLE thing_group_view (
  group_name         text PRIMARY KEY,
  group_id           text NOT NULL,
  parent_group_name  text,
  root_to_parent     text[] NOT NULL,
  description        text,
  attributes         jsonb NOT NULL DEFAULT '{}'::jsonb,
  tags               jsonb NOT NULL DEFAULT '[]'::jsonb,
  version            bigint NOT NULL,
  created_at         timestamptz NOT NULL
);
CREATE INDEX thing_group_view_parent ON thing_group_view (parent_group_name, group_name);
CREATE INDEX thing_group_view_ancestors ON thing_group_view USING gin (root_to_parent);

-- Direct memberships. (group_name, thing_name) is the order the group rollout walks in.
CREATE TABLE thing_group_membership (
  group_name  text NOT NULL,
  thing_name  text NOT NULL,
  PRIMARY KEY (group_name, thing_name)
);
CREATE INDEX thing_group_membership_thing ON thing_group_membership (thing_name, group_name);

-- The group targets of a job still being rolled out (DescribeJob's processingTargets); NULL when none.
ALTER TABLE job_view ADD COLUMN processing_targets jsonb;

-- Down Migration

ALTER TABLE job_view DROP COLUMN processing_targets;
DROP TABLE thing_group_membership;
DROP TABLE thing_group_view;
DROP TABLE thing_view;
