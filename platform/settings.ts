/**
 * Every setting the facility reads from its environment, declared once: the variable, its group, its schema and
 * default, and the sentence README's configuration table shows. `parseSettings` reads them all at start; a bad
 * value stops the process with one message naming each bad variable and what it must be. Code below the command
 * line receives the parsed values through its dependency objects and never reads `process.env` itself.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

interface Setting<T> {
  /** The environment variable. */
  env: string;
  schema: z.ZodType<T>;
  /** What a valid value looks like, for the error message. */
  expected: string;
}

const setting = <T>(env: string, expected: string, schema: z.ZodType<T>): Setting<T> => ({ env, schema, expected });

const wholeNumber = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const positive = (fallback: number) => wholeNumber(1, Number.MAX_SAFE_INTEGER, fallback);
/** DuckDB's memory sizes: `512MB`, `1GB`, `1.5GiB`. */
const memorySize = (fallback: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i)
    .default(fallback);
const optionalText = z.string().min(1).optional();
const flag = z
  .enum(['0', '1', 'true', 'false'])
  .default('0')
  .transform((v) => v === '1' || v === 'true');
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The declared settings, by group. Add a setting here and in README's configuration table (a test holds them in step). */
export const SETTINGS = {
  storage: {
    home: setting(
      'SDF_HOME',
      'a directory path',
      z
        .string()
        .default('.sdf')
        .transform((p) => resolve(p)),
    ),
    databaseUrl: setting(
      'DATABASE_URL',
      'a postgres:// URL',
      z
        .string()
        .regex(/^postgres(ql)?:\/\//)
        .optional(),
    ),
    masterKeyHex: setting(
      'SDF_MASTER_KEY',
      'hex of at least 32 bytes',
      z
        .string()
        .regex(/^([0-9a-fA-F]{2}){32,}$/)
        .optional(),
    ),
  },
  http: {
    port: setting('PORT', 'an integer from 0 to 65535', wholeNumber(0, 65535, 8080)),
    rateLimitPerMinute: setting('SDF_RATE_LIMIT', 'a positive whole number', positive(600)),
    trustProxy: setting('SDF_TRUST_PROXY', 'a hop count, `loopback` or addresses', optionalText),
    metricsToken: setting('SDF_METRICS_TOKEN', 'a token of at least 16 characters', z.string().min(16).optional()),
    checkResponses: setting('SDF_CHECK_RESPONSES', '0, 1, true or false', flag),
  },
  web: {
    cookieSecure: setting('SDF_COOKIE_SECURE', '0, 1, true or false', flag),
  },
  sandbox: {
    workers: setting('SDF_SANDBOX_WORKERS', 'a positive whole number', positive(2)),
    nice: setting('SDF_SANDBOX_NICE', 'an integer from 0 to 19', wholeNumber(0, 19, 10)),
  },
  query: {
    timeoutMs: setting('SDF_QUERY_TIMEOUT_MS', 'a positive whole number of milliseconds', positive(30_000)),
    memory: setting('SDF_QUERY_MEMORY', 'a size such as 512MB or 1GB', memorySize('1GB')),
    threads: setting('SDF_QUERY_THREADS', 'a positive whole number', positive(2)),
    maxRows: setting('SDF_QUERY_MAX_ROWS', 'a positive whole number', positive(10_000)),
    quota: setting('SDF_QUERY_QUOTA', 'a positive whole number', positive(4)),
    leaseMs: setting(
      'SDF_QUERY_LEASE_MS',
      'a positive whole number of milliseconds',
      z.coerce.number().int().positive().optional(),
    ),
    workerId: setting('SDF_WORKER_ID', 'a name', optionalText),
  },
  pipeline: {
    memory: setting('SDF_PIPELINE_MEMORY', 'a size such as 4GB', memorySize('4GB')),
    threads: setting('SDF_PIPELINE_THREADS', 'a positive whole number', positive(2)),
    persons: setting('SDF_PERSONS', 'a positive whole number', positive(100_000)),
    // At least 2 s: a heartbeat every quarter lease must get through a busy database. The default (2 min) is long
    // enough that an event loop busy for a while in an asset is not taken for dead.
    leaseMs: setting(
      'SDF_PIPELINE_LEASE_MS',
      'a whole number of milliseconds, at least 2000',
      wholeNumber(2_000, Number.MAX_SAFE_INTEGER, 120_000),
    ),
  },
  dci: {
    registryUrl: setting(
      'SDF_EDUCATION_REGISTRY_URL',
      'an http(s) URL',
      z
        .string()
        .regex(/^https?:\/\//)
        .optional(),
    ),
    registrySecret: setting(
      'SDF_EDUCATION_REGISTRY_SECRET',
      'a secret of at least 16 characters',
      z.string().min(16).optional(),
    ),
    pageSize: setting('SDF_DCI_PAGE_SIZE', 'a positive whole number', positive(5000)),
    maxPageSize: setting('SDF_DCI_MAX_PAGE_SIZE', 'an integer from 1 to 100000', wholeNumber(1, 100_000, 5000)),
  },
  log: {
    level: setting('SDF_LOG_LEVEL', LOG_LEVELS.join(', '), z.enum(LOG_LEVELS).optional()),
  },
  test: {
    skipBrowser: setting('SDF_SKIP_BROWSER', '0, 1, true or false', flag),
    chromium: setting('SDF_CHROMIUM', 'a path to Chromium', optionalText),
    screenshots: setting('SDF_SCREENSHOTS', '`docs` or unset', z.literal('docs').optional()),
  },
} as const;

type Groups = typeof SETTINGS;
type Parsed<S> = S extends Setting<infer T> ? T : never;
export type Settings = { readonly [G in keyof Groups]: { readonly [K in keyof Groups[G]]: Parsed<Groups[G][K]> } };
export type SettingsGroup = keyof Groups;

/** Thrown by `parseSettings`: its message names every bad variable, its value and what it must be. */
export class SettingsError extends Error {
  readonly code = 'bad_usage';
  constructor(readonly problems: readonly string[]) {
    super(`bad configuration: ${problems.join('; ')}`);
  }
}

/** An unset and an empty variable mean the same: the default. */
const valueOf = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
};

function parseGroup<G extends SettingsGroup>(group: G, env: NodeJS.ProcessEnv, problems: string[]): Settings[G] {
  const parsed: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS[group]) as [string, Setting<unknown>][]) {
    const raw = valueOf(env, spec.env);
    const result = spec.schema.safeParse(raw);
    if (result.success) parsed[key] = result.data;
    else problems.push(`${spec.env} must be ${spec.expected}, got "${raw}"`);
  }
  return parsed as Settings[G];
}

/** One group of settings (e.g. the logger's, read before anything else starts). Throws `SettingsError`. */
export function parseSettingsGroup<G extends SettingsGroup>(
  group: G,
  env: NodeJS.ProcessEnv = process.env,
): Settings[G] {
  const problems: string[] = [];
  const parsed = parseGroup(group, env, problems);
  if (problems.length > 0) throw new SettingsError(problems);
  return parsed;
}

/** All settings from `env`, checked together so that one message lists every bad variable. */
export function parseSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const problems: string[] = [];
  const settings = Object.fromEntries(
    (Object.keys(SETTINGS) as SettingsGroup[]).map((group) => [group, parseGroup(group, env, problems)]),
  ) as unknown as Settings;
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

/** Every declared environment variable, in declaration order. */
export function settingVariables(): string[] {
  return Object.values(SETTINGS).flatMap((group) => Object.values(group).map((spec: Setting<unknown>) => spec.env));
}
