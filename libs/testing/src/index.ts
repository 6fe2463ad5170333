export * from './database.js';
export * from './environment.js';
export * from './kafka.js';
export * from './poll.js';
export * from './signed-fetch.js';
