-- Up Migration

-- Thing groups are tagged too (docs/aws-behaviour.md §20): their rows are keyed by group name, kept
-- by the registry projection, and deleted with the group. Groups created before this migration get
-- their creation tags from thing_group_view.tags.
ALTER TABLE resource_tag_view DROP CONSTRAINT resource_tag_view_resource_type_check;
ALTER TABLE resource_tag_view ADD CONSTRAINT resource_tag_view_resource_type_check
  CHECK (resource_type IN ('job', 'jobtemplate', 'thinggroup'));
-- A repeated key keeps its last value and the place it was first given.
INSERT INTO resource_tag_view (resource_type, resource_id, tag_key, tag_value)
  SELECT 'thinggroup', group_name, tag_key, tag_value FROM (
    SELECT g.group_name, e.tag->>'Key' AS tag_key, coalesce(e.tag->>'Value', '') AS tag_value, e.n,
           min(e.n) OVER (PARTITION BY g.group_name, e.tag->>'Key') AS first_n,
           max(e.n) OVER (PARTITION BY g.group_name, e.tag->>'Key') AS last_n
    FROM thing_group_view g, jsonb_array_elements(g.tags) WITH ORDINALITY AS e(tag, n)
  ) AS tags
  WHERE n = last_n
  ORDER BY group_name, first_n;

-- Down Migration

DELETE FROM resource_tag_view WHERE resource_type = 'thinggroup';
ALTER TABLE resource_tag_view DROP CONSTRAINT resource_tag_view_resource_type_check;
ALTER TABLE resource_tag_view ADD CONSTRAINT resource_tag_view_resource_type_check CHECK (resource_type IN ('job', 'jobtemplate'));
