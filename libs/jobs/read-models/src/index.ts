// The view shapes are the application's query results; re-exported for the adapters' convenience.
export type {
  JobExecutionStatus,
  JobExecutionView,
  JobProcessDetailsView,
  JobStatus,
  JobView,
} from '#jobs/application';
export * from './pg-jobs-read-model.js';
export { EventStoreAdapter } from './event-store.adapter.js';
export { jobsInlineProjection } from './jobs-projection.js';
export { READ_MODEL_MIGRATIONS_DIR } from './migrations-dir.js';
export { EXECUTION_SNAPSHOT_INTERVAL } from './execution-snapshots.js';
export { registryInlineProjection } from './registry-projection.js';
export { PgRegistryReadModel, PgContinuousJobsReadModel } from './pg-registry-read-model.js';
