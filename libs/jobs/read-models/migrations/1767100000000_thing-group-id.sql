-- Up Migration

-- ListJobs filters by thingGroupId (docs/aws-behaviour.md §15.5): a group is found by its id too.
CREATE UNIQUE INDEX thing_group_view_group_id ON thing_group_view (group_id);

-- Down Migration

DROP INDEX thing_group_view_group_id;
