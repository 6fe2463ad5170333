export * from './views.js';
export * from './commands/commands.js';
export * from './queries/queries.js';
export * from './ports/event-store.port.js';
export * from './ports/jobs-read-model.port.js';
