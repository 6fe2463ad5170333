import 'reflect-metadata';
import { type AppConfig, ConfigError, loadConfig } from './config/config.js';
import { withDevelopmentDefaults } from './config/development-defaults.js';
import { startService } from './service.js';
import { startupBanner } from './startup-banner.js';

/** Process entry: validate configuration, start, and stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: AppConfig;
  const { env, applied: developmentCredentials } = withDevelopmentDefaults(process.env);
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const service = await startService(config);
  for (const line of startupBanner(service, config, developmentCredentials)) console.log(line);
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
