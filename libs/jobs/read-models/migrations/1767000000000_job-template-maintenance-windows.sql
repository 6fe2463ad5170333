-- Up Migration

-- A template's maintenanceWindows (the only part of a scheduling config a template carries): jobs
-- created from it take them unless they give their own (docs/aws-behaviour.md §21.5).
ALTER TABLE job_template_view ADD COLUMN maintenance_windows jsonb;

-- Down Migration

ALTER TABLE job_template_view DROP COLUMN maintenance_windows;
