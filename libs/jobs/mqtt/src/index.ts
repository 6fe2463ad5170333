export { BrokerConnection, type BrokerSettings } from './broker-connection.js';
export { deviceApi, type DeviceApi, type DeviceApiOptions } from './device-api.js';
export { DeviceRequests, type DeviceReply } from './requests/device-requests.js';
export { MQTT_MIGRATIONS_DIR } from './migrations-dir.js';
export { parsePayload } from './payload.js';
export { MqttRequestError, REJECTION_CODES, toRejection, type ExecutionState, type Rejection, type RejectionCode } from './rejections.js';
export {
  acceptedTopic,
  ALL_JOBS_TOPICS,
  notifyNextTopic,
  notifyTopic,
  parseJobsTopic,
  rejectedTopic,
  type JobsOperation,
  type ParsedTopic,
} from './topics.js';
export { inPendingOrder, notificationsFor, type NotificationDecision, type PendingKey } from './notifications/notification-rule.js';
export { NotifiedPendingStore, type SqlQueryable } from './notifications/notified-pending-store.js';
export { notifyNextPayload, notifyPayload } from './notifications/notification-payloads.js';
export {
  PendingJobsNotifier,
  thingsChangedBy,
  type ChangeEvent,
  type NotificationPublisher,
  type PendingExecutionsSource,
} from './notifications/pending-jobs-notifier.js';
