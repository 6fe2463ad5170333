export { createKafka, parseBrokers } from './kafka.js';
export type { KafkaSettings, MessagingLogLevel, MessagingLogLine } from './kafka.js';
export { KafkaPublisher } from './publisher.js';
export type { OutgoingMessage, PublisherOptions } from './publisher.js';
export { KafkaSubscriber } from './subscriber.js';
export type { RunOptions, SubscriberHandlers, SubscriberOptions } from './subscriber.js';
export { ensureTopics, withAdmin } from './topics.js';
export type { TopicSpec } from './topics.js';
export type { Admin, EachBatchPayload, EachMessagePayload, IHeaders, Kafka, KafkaMessage, RecordMetadata } from 'kafkajs';
