/** The publication checks of an `anon/<dataset>` asset: blocking checks run on the staged Parquet file before it is published. */
import { POPULATION } from '../extract/sources.ts';
import { rawSnapshotSql } from './raw.ts';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { identifierVerdict, knownIdentifiersQuery, scanForIdentifiers } from '../checks/identifiers.ts';
import { sqlString } from '../framework/duck.ts';
import {
  checkKAnonymity,
  checkLDiversity,
  describeColumns,
  parquetSql,
  rowCountVerdict,
  schemaVerdict,
} from '../checks/publication.ts';
import { DUCKDB_TYPES, type AnonDatasetSpec } from '../datasets/index.ts';
import type { AssetCheckSpec, AssetContext } from '../types.ts';

/**
 * The register's identifiers as a relation: the file the person spine built for this partition, or (a spine
 * materialised by older code) one built once per population extract as Parquet under data/raw (it holds
 * identifiers, so never under tmp or releases).
 */
async function knownIdentifiers(context: AssetContext): Promise<string> {
  const built = context.upstream['linked/person_spine']?.metadata.knownIdentifiersFile;
  if (typeof built === 'string' && existsSync(built)) return `read_parquet(${sqlString(built)})`;
  const population = context.upstream['raw/population'];
  const dir = join(context.paths.raw, 'linked', 'known_identifiers', `dt=${context.partition}`);
  const file = join(dir, `${population?.id ?? 'none'}.parquet`);
  if (!population || !existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const temp = `${file}.${context.materialisationId}.tmp`;
    await context.duck.run(`copy (${knownIdentifiersQuery(rawSnapshotSql(context, POPULATION, context.partition))})
      to ${sqlString(temp)} (format parquet, compression zstd)`);
    renameSync(temp, file);
  }
  return `read_parquet(${sqlString(file)})`;
}

/** Population groups and other category words a register name may coincide with. */
const CATEGORY_WORDS = ['Black African', 'Coloured', 'Indian/Asian', 'White', 'Indian', 'Asian', 'Black'];

export function publicationChecks(spec: AnonDatasetSpec): AssetCheckSpec[] {
  const file = (metadata: Record<string, unknown> | undefined) => parquetSql(String(metadata?.file));
  const qiColumns = spec.quasiIdentifiers.map((qi) => qi.column);
  const pseudonym = spec.variables.find((v) => v.role === 'pseudonym')?.name ?? null;
  const allowed = [...CATEGORY_WORDS, ...spec.variables.flatMap((v) => Object.entries(v.valueLabels ?? {}).flat())];
  return [
    {
      name: 'no_direct_identifiers',
      blocking: true,
      async run(context, result) {
        const hits = await scanForIdentifiers(
          context.duck,
          file(result.metadata),
          spec.variables.map((v) => v.name),
          {
            knownIdentifiers: await knownIdentifiers(context),
            allowedValues: allowed,
            pseudonymColumns: spec.variables
              .filter((v) => v.role === 'pseudonym' || v.name.endsWith('person_id'))
              .map((v) => v.name),
          },
        );
        return identifierVerdict(hits);
      },
    },
    {
      name: 'k_anonymity',
      blocking: true,
      run: (context, result) =>
        checkKAnonymity(context.duck, file(result.metadata), qiColumns, context.config.k, pseudonym),
    },
    ...spec.sensitive.map((sensitive): AssetCheckSpec => ({
      name: `l_diversity_${sensitive.column}`,
      blocking: true,
      run: (context, result) =>
        checkLDiversity(
          context.duck,
          file(result.metadata),
          qiColumns,
          sensitive.column,
          sensitive.l ?? context.config.l,
        ),
    })),
    {
      name: 'schema_contract',
      blocking: true,
      async run(context, result) {
        const actual = await describeColumns(context.duck, file(result.metadata));
        return schemaVerdict(
          actual,
          spec.variables.map((v) => ({ name: v.name, type: DUCKDB_TYPES[v.type] })),
        );
      },
    },
    {
      name: 'row_count',
      blocking: true,
      run: async (context, result) =>
        rowCountVerdict(result.rows ?? 0, context.previous?.rows ?? null, context.config.rowCountTolerance),
    },
  ];
}
