import type { AppConfig } from './config/config.js';
import { DEVELOPMENT_PRINCIPAL } from './config/development-defaults.js';
import type { RunningService } from './service.js';

/**
 * What a developer needs after `npm start`: where to point the SDK clients, which credentials to
 * use, and what runs embedded instead of as a real dependency.
 */
export function startupBanner(service: RunningService, config: AppConfig, developmentCredentials: boolean): string[] {
  const lines = [
    `iot-jobs-service listening on ${service.url}`,
    `  control plane (IoTClient endpoint):                ${service.url}`,
    `  data plane (IoTJobsDataPlaneClient endpoint):      ${service.url}${service.dataPlanePrefix}`,
    `  health:   ${service.url}/health/live  ${service.url}/health/ready`,
    `  metrics:  ${service.metricsUrl}/metrics${config.METRICS_BEARER_TOKEN === undefined ? '' : ' (bearer token required)'}`,
    `  OpenAPI:  ${service.url}/openapi/control-plane.yaml  ${service.url}/openapi/data-plane.yaml`,
    `  web console: ${service.url}/console/  (sign in with an operator's access key)`,
    `  region ${config.AWS_REGION}, account ${config.AWS_ACCOUNT_ID}`,
  ];
  if (developmentCredentials) {
    lines.push(
      `  development credentials (operator): accessKeyId ${DEVELOPMENT_PRINCIPAL.accessKeyId}  secretAccessKey ${DEVELOPMENT_PRINCIPAL.secretAccessKey}`,
    );
  } else if (config.AUTH_MODE === 'disabled') {
    lines.push('  authentication DISABLED (AUTH_MODE=disabled): any credentials are accepted');
  }
  const embedded = service.database.embedded;
  lines.push(
    embedded
      ? `  database: embedded PGlite in ${embedded.dataDir} (served at ${embedded.url}); set DATABASE_URL to use a real Postgres`
      : `  database: ${redactPassword(service.database.url)}`,
  );
  lines.push(
    config.KAFKA_BROKERS.length > 0
      ? `  Kafka: publishing to ${config.KAFKA_BROKERS.join(',')}`
      : '  Kafka: publishing paused (KAFKA_BROKERS unset); events stay in the store and are relayed once it is set',
  );
  lines.push(
    config.MQTT_URL !== undefined
      ? `  MQTT: devices' jobs API on ${redactPassword(config.MQTT_URL)} as ${config.MQTT_USERNAME} ($aws/things/<thing>/jobs/...)`
      : '  MQTT: off (MQTT_URL unset); devices use the HTTP data plane, notify/notify-next need a broker',
  );
  return lines;
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
