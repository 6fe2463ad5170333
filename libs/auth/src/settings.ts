import { z } from 'zod';
import { principalsFromSetting, PrincipalsConfigError, type Principal } from './principals.js';

/**
 * Authentication and throttling settings (see libs/auth/README.md), shared by every process that
 * serves a signed API (the jobs service, the history consumer). Authentication is on unless
 * AUTH_MODE=disabled, and then principals are required: a service that silently accepted every
 * caller would be worse than one that refuses to start.
 */
export const authSettings = {
  AUTH_MODE: z.enum(['enabled', 'disabled']).default('enabled'),
  /** Inline JSON array of principals, or the path of a file holding it. */
  AUTH_PRINCIPALS: z
    .string()
    .optional()
    .transform((value, ctx): Principal[] => {
      if (value === undefined || value.trim() === '') return [];
      try {
        return principalsFromSetting(value);
      } catch (error) {
        if (!(error instanceof PrincipalsConfigError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    }),
  /** Per-principal token bucket: sustained requests per second, and the burst allowed above it. */
  THROTTLE_RATE_PER_SECOND: z.coerce.number().positive().default(50),
  THROTTLE_BURST: z.coerce.number().int().min(1).default(100),
};

export function requirePrincipalsWhenEnabled(
  config: { AUTH_MODE: 'enabled' | 'disabled'; AUTH_PRINCIPALS: Principal[] },
  ctx: z.RefinementCtx,
): void {
  if (config.AUTH_MODE === 'enabled' && config.AUTH_PRINCIPALS.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_PRINCIPALS'],
      message:
        'is required while AUTH_MODE is enabled: a JSON array such as [{"accessKeyId":"AKIDOPERATOR1","secretAccessKey":"<16+ chars>","role":"operator"}] or the path of a file holding one (or AUTH_MODE=disabled for local development only)',
    });
  }
}
