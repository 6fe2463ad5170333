export * from './commands/commands.js';
export * from './queries/queries.js';
