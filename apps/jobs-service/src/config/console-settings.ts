import { z } from 'zod';

/**
 * Settings the web console (apps/console) receives from the service. They are defaults an operator
 * may change at sign-in, never credentials: the console asks for those and keeps them in the
 * browser session only.
 */
export const consoleSettings = {
  /** Base URL of the audit-history API (apps/history-consumer), as the operator's browser reaches it. */
  HISTORY_API_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(v), 'must be an http:// or https:// URL'),
};
