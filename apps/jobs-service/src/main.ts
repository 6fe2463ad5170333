import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config.js';
import { startService } from './service.js';

/** Process entry: validate configuration, start, and stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const service = await startService(config);
  console.log(`iot-jobs-service listening on ${service.url}`);
  console.log(`  control plane (IoTClient endpoint):                ${service.url}`);
  console.log(`  data plane (IoTJobsDataPlaneClient endpoint):      ${service.url}${service.dataPlanePrefix}`);
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('iot-jobs-service failed to start:', error);
  process.exit(1);
});
