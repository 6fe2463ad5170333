import type { z } from 'zod';

/** A missing or malformed setting; the message names every bad variable. Processes exit 78 on it. */
export class ConfigError extends Error {}

/**
 * Validates an environment against a zod schema once, at start-up, and reports every problem by
 * variable name instead of failing later and far from the cause.
 */
export function parseSettings<Schema extends z.ZodType>(schema: Schema, env: NodeJS.ProcessEnv): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
