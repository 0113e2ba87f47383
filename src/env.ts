import { z } from 'zod';
import { parseScoreWeights } from './scorecard';
import { schedulerEnvShape, schedulerConfigFromEnv, type SchedulerConfig } from './scheduler/config';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const storeSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  DUBAN_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data/pglite')),
  /** A single-tenant setup needs no configuration: everything lives under this tenant key. */
  DUBAN_TENANT: z.preprocess(emptyAsUndefined, z.string().default('default')),
});

const larkSchema = z.object({
  LARK_APP_ID: z.string().min(1),
  LARK_APP_SECRET: z.string().min(1),
  LARK_VERIFICATION_TOKEN: z.string().min(1),
  LARK_ENCRYPT_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  LARK_DOMAIN: z.preprocess(emptyAsUndefined, z.string().url().default('https://open.feishu.cn')),
  /**
   * The Lark tenant key that takes over notices the CLI imported under "default" (once, on its
   * first event). Unset: nothing is taken over; the bot logs the key to set when such rows wait.
   */
  DUBAN_ADOPT_TENANT: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Open ids of the 政务公开办 staff who may publish, review and export (comma-separated). */
  DUBAN_OFFICE_OPEN_IDS: z.preprocess(emptyAsUndefined, z.string().default('')),
  /** Keep a copy of every 佐证材料's bytes in the database (default off: only Lark's message id and key). */
  DUBAN_EVIDENCE_COPY: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['on', 'off'])
      .default('off')
      .transform((v) => v === 'on'),
  ),
  /** 考核 weights, e.g. "onTime=12,silentWeek=-1"; unset ones keep their defaults (src/scorecard.ts). */
  DUBAN_SCORE_WEIGHTS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default('')
      .transform((text, c) => {
        try {
          return parseScoreWeights(text);
        } catch (e) {
          c.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
          return z.NEVER;
        }
      }),
  ),
});

const serverSchema = storeSchema
  .merge(larkSchema)
  .extend({
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  })
  .extend(schedulerEnvShape);

export type StoreEnv = z.infer<typeof storeSchema>;
export type ServerEnv = z.infer<typeof serverSchema>;

/** A configuration error that names the variable, so a misconfigured deployment says what to fix. */
export class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    super(`配置错误 Invalid configuration: ${issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ')}`);
    this.name = 'EnvError';
  }
}

function parseWith<S extends z.ZodType>(schema: S, source: Record<string, unknown>): z.infer<S> {
  const r = schema.safeParse(source);
  if (!r.success) throw new EnvError(r.error.issues);
  return r.data;
}

let cachedStore: StoreEnv | undefined;
/** Store settings for the CLI: parsed once per process. */
export function loadNodeEnv(): StoreEnv {
  return (cachedStore ??= parseWith(storeSchema, process.env));
}

export function parseServerEnv(source: Record<string, unknown>): ServerEnv {
  return parseWith(serverSchema, source);
}

export function schedulerConfig(env: ServerEnv): SchedulerConfig {
  return schedulerConfigFromEnv(env);
}

export function officeOpenIds(env: ServerEnv): string[] {
  return env.DUBAN_OFFICE_OPEN_IDS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
