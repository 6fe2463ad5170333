import type { IoTClient } from '@aws-sdk/client-iot';
import type { HistoryAccess } from './history.js';
import type { Session } from './session.js';

/** What every page needs once the operator is signed in. */
export interface ConsoleContext {
  session: Session;
  iot: IoTClient;
  history: HistoryAccess;
}
