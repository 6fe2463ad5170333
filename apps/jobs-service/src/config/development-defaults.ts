/**
 * Well-known credentials for the zero-configuration start (`npm start` with nothing set). They
 * are printed at start-up and are as public as this file, so they are only ever applied while
 * the service also runs on its embedded database (DATABASE_URL unset) outside production.
 */
export const DEVELOPMENT_PRINCIPAL = {
  accessKeyId: 'AKIDLOCALDEVELOPER',
  secretAccessKey: 'local-development-secret-not-for-production',
  role: 'operator',
} as const;

/** The environment with development principals filled in when the zero-configuration rules apply. */
export function withDevelopmentDefaults(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; applied: boolean } {
  const zeroConfiguration = !env.DATABASE_URL && env.NODE_ENV !== 'production';
  const authLeftOpen = !env.AUTH_PRINCIPALS && env.AUTH_MODE !== 'disabled';
  if (!zeroConfiguration || !authLeftOpen) return { env, applied: false };
  return { env: { ...env, AUTH_PRINCIPALS: JSON.stringify([DEVELOPMENT_PRINCIPAL]) }, applied: true };
}
