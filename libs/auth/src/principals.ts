import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Rate and burst of one principal's token bucket. */
export interface ThrottleSettings {
  ratePerSecond: number;
  burst: number;
}

interface PrincipalBase {
  /** Recorded as the actor of every event this principal causes; defaults to the access key id. */
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  throttle?: ThrottleSettings;
}

/** Operators use the control plane (and may use the data plane on behalf of any thing). */
export interface OperatorPrincipal extends PrincipalBase {
  role: 'operator';
}

/** A device may use the data plane for its own thing names only. */
export interface DevicePrincipal extends PrincipalBase {
  role: 'device';
  thingNames: readonly string[];
}

/** An auditor may read the audit history and nothing else: no jobs API, no changes. */
export interface AuditorPrincipal extends PrincipalBase {
  role: 'auditor';
}

export type Principal = OperatorPrincipal | DevicePrincipal | AuditorPrincipal;

const throttleSchema = z.strictObject({
  ratePerSecond: z.number().positive(),
  burst: z.number().int().min(1),
});

const common = {
  name: z.string().min(1).max(128).optional(),
  accessKeyId: z.string().regex(/^[A-Za-z0-9]{4,128}$/, 'must be 4 to 128 letters or digits'),
  // Short secrets are guessable; AWS's own are 40 characters.
  secretAccessKey: z.string().min(16, 'must be at least 16 characters'),
  throttle: throttleSchema.optional(),
};

const thingName = z.string().regex(/^[a-zA-Z0-9:_-]{1,128}$/, 'must be a valid thing name');

const principalSchema = z.discriminatedUnion('role', [
  z.strictObject({ ...common, role: z.literal('operator') }),
  z.strictObject({ ...common, role: z.literal('auditor') }),
  z.strictObject({ ...common, role: z.literal('device'), thingNames: z.array(thingName).min(1, 'must name at least one thing') }),
]);

const principalsSchema = z
  .array(principalSchema)
  .superRefine((list, ctx) => {
    reportDuplicates(
      list.map((p) => p.accessKeyId),
      'accessKeyId',
      ctx,
    );
    reportDuplicates(
      list.map((p) => p.name ?? p.accessKeyId),
      'name',
      ctx,
    );
  })
  .transform((list): Principal[] => list.map((p) => ({ ...p, name: p.name ?? p.accessKeyId })));

function reportDuplicates(values: string[], field: string, ctx: z.RefinementCtx): void {
  values.forEach((value, index) => {
    if (values.indexOf(value) !== index) {
      ctx.addIssue({ code: 'custom', path: [index, field], message: `duplicates the ${field} of entry ${values.indexOf(value)}` });
    }
  });
}

/** The principals setting is unusable; the message names the bad entry and field, never a secret. */
export class PrincipalsConfigError extends Error {}

/**
 * Reads the principals setting: inline JSON (it starts with `[`) or the path of a JSON file. The
 * JSON is an array of `{name?, accessKeyId, secretAccessKey, role, thingNames?, throttle?}`, `role`
 * being `operator`, `device` or `auditor`.
 */
export function principalsFromSetting(setting: string): Principal[] {
  const trimmed = setting.trim();
  const text = trimmed.startsWith('[') || trimmed.startsWith('{') ? trimmed : readPrincipalsFile(trimmed);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse quotes the offending input in its message, which may be a secret.
    throw new PrincipalsConfigError('is not valid JSON (expected an array of principals)');
  }
  const result = principalsSchema.safeParse(json);
  if (result.success) return result.data;
  throw new PrincipalsConfigError(result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`).join('; '));
}

function readPrincipalsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PrincipalsConfigError(`cannot read the principals file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function fieldPath(path: PropertyKey[]): string {
  return (
    path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '') || '(root)'
  );
}
