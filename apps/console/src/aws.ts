import { IoTClient } from '@aws-sdk/client-iot';
import type { Session } from './session.js';

/** The service root: the console is served at <root>/console/, the control plane at <root>. */
export function serviceEndpoint(): string {
  const path = location.pathname;
  return location.origin + path.slice(0, path.lastIndexOf('/console/'));
}

/** The official control-plane client, signing with the operator's credentials like any SDK user. */
export function controlPlaneClient(session: Session): IoTClient {
  return new IoTClient({
    endpoint: serviceEndpoint(),
    region: session.region,
    credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey },
    // One retry for a dropped connection; 4xx answers are shown to the operator, not retried.
    maxAttempts: 2,
  });
}
