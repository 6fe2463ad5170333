-- Up Migration

-- The tags of jobs and job templates, as ListTagsForResource shows them, kept by the inline
-- projection from the job and job-template streams. Deleting the resource deletes its rows, so
-- a re-created job or template id starts with no tags. `seq` keeps the order keys were first set.
CREATE TABLE resource_tag_view (
  resource_type  text NOT NULL CHECK (resource_type IN ('job', 'jobtemplate')),
  resource_id    text NOT NULL,
  tag_key        text NOT NULL,
  tag_value      text NOT NULL,
  seq            bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (resource_type, resource_id, tag_key)
);

-- Down Migration

DROP TABLE resource_tag_view;
