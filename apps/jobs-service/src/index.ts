/**
 * What the jobs service offers to code outside it (the test launcher in libs/testing): start the
 * whole service in-process from settings. Nothing else of the app is reachable from outside.
 */
export { loadConfig, type AppConfig } from './config/config.js';
export { startService, type RunningService } from './service.js';
