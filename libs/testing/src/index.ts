export * from './database.js';
export * from './environment.js';
export * from './kafka.js';
export * from './poll.js';
export * from './services/cuttable-proxy.js';
export * from './services/metrics.js';
export * from './services/own-broker.js';
export * from './services/service-under-test.js';
