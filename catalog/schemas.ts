/**
 * Validation of what other modules hand the catalog. The catalog is the public face of every release, so a
 * malformed record is refused here rather than rendered into DCAT or DDI later.
 */
import { z } from 'zod';
import { SdfError } from '../platform/index.ts';
import type { DashboardInput, DatasetInput, PublishVersionInput } from './types.ts';

const ID = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ only, starting with a letter');
const ISO_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD');

const legalBasis = z.object({
  instrument: z.string().min(1),
  provision: z.string().optional(),
  note: z.string().optional(),
});

export const studyDescriptionSchema = z.object({
  title: z.string().min(1),
  abstract: z.string().min(1),
  universe: z.string().min(1),
  unitOfAnalysis: z.string().min(1),
  temporalCoverage: z.object({ start: ISO_DATE, end: ISO_DATE.optional() }),
  spatialCoverage: z.object({
    country: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3'),
    description: z.string().min(1),
    levels: z.array(z.string()).optional(),
  }),
  sourceSystem: z.string().min(1),
  custodian: z.string().min(1),
  legalBasis: z.array(legalBasis).min(1, 'name at least one legal basis'),
  accessConditions: z.string().min(1),
  citation: z.string().min(1),
  keywords: z.array(z.string()).optional(),
  contact: z.object({ name: z.string(), email: z.string() }).optional(),
});

export const variableSpecSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a column name'),
  label: z.string(),
  type: z.enum(['string', 'integer', 'decimal', 'boolean', 'date', 'timestamp']),
  role: z.enum(['pseudonym', 'quasi_identifier', 'sensitive', 'measure', 'other']),
  valueLabels: z.record(z.string(), z.string()).optional(),
  anonymisation: z.string().optional(),
  disclosureClass: z.enum(['open', 'restricted', 'special']).optional(),
});

export const datasetInputSchema = z.object({
  id: ID,
  title: z.string().min(1),
  description: z.string(),
  record: studyDescriptionSchema,
  variables: z.array(variableSpecSchema).refine((vs) => new Set(vs.map((v) => v.name)).size === vs.length, {
    message: 'variable names must be unique',
  }),
});

const releaseFile = z.object({
  name: z.string().regex(/^[^/\\]+$/, 'a file name, not a path'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'hex SHA-256'),
  bytes: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
});

/** One input of a version's run, as its provenance names it (the enclave API's response declares it too). */
export const provenanceUpstreamSchema = z.object({
  id: z.string(),
  assetKey: z.string().optional(),
  partition: z.string().optional(),
});

/** One check on a version's run, as its provenance records it (the enclave API's response declares it too). */
export const provenanceCheckSchema = z.object({
  name: z.string(),
  verdict: z.enum(['pass', 'review', 'fail']),
  reason: z.string(),
  blocking: z.boolean().optional(),
  column: z.string().optional(),
  rows: z.number().optional(),
});

// Loose on publishing: a pipeline may record more than the catalog reads.
const provenance = z.looseObject({
  runId: z.string(),
  codeVersion: z.string(),
  upstream: z.array(provenanceUpstreamSchema.loose()),
  checks: z.array(provenanceCheckSchema.loose()),
  risk: z.record(z.string(), z.unknown()),
  informationLoss: z.record(z.string(), z.unknown()),
  anonymisation: z.record(z.string(), z.unknown()),
});

export const publishVersionSchema = z.object({
  datasetId: ID,
  kind: z.enum(['anon', 'synthetic']),
  version: z.string().min(1),
  path: z
    .string()
    .min(1)
    .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'relative to the releases root, without ..'),
  files: z.array(releaseFile).min(1),
  rowCount: z.number().int().nonnegative(),
  k: z.number().int().positive().nullable(),
  provenance,
  summaries: z.record(z.string(), z.looseObject({ kind: z.string(), suppressed: z.array(z.string()) })).optional(),
});

const cell = z.union([z.string(), z.number(), z.null()]);

export const dashboardInputSchema = z.object({
  id: ID,
  title: z.string().min(1),
  description: z.string(),
  unit: z.string().min(1),
  data: z.array(z.record(z.string(), cell)),
  dimensions: z.array(z.string()),
  protection: z.discriminatedUnion('method', [
    z.object({
      method: z.literal('dp'),
      params: z.looseObject({ epsilon: z.number().positive(), delta: z.number().min(0).optional() }),
    }),
    z.object({
      method: z.literal('suppress_round'),
      params: z.looseObject({ threshold: z.number().int().positive(), rounding: z.number().int().positive() }),
    }),
  ]),
  lineage: z.record(z.string(), z.unknown()),
  partition: z.string().min(1),
});

/** Parses `value` or throws an `SdfError('bad_input')` naming the first offending field. */
export function parseInput<T>(schema: z.ZodType, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data as T;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || what;
  throw new SdfError('bad_input', `${what}: ${field}: ${issue?.message ?? 'invalid'}`, 400, { field });
}

export const parseDatasetInput = (value: unknown): DatasetInput =>
  parseInput<DatasetInput>(datasetInputSchema, value, 'dataset');
export const parsePublishVersion = (value: unknown): PublishVersionInput =>
  parseInput<PublishVersionInput>(publishVersionSchema, value, 'release');
export const parseDashboardInput = (value: unknown): DashboardInput =>
  parseInput<DashboardInput>(dashboardInputSchema, value, 'dashboard');
