// Shared with the MQTT edge: the implementation lives in #jobs/wire.
export {
  toDpJobExecution,
  toDpJobExecutionSummary,
  toDpUpdateResponse,
  type DpJobExecution,
  type DpJobExecutionSummary,
} from '#jobs/wire';
