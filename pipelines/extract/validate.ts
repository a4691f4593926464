/**
 * Validation of an incoming batch: every row either passes every rule and lands, typed, in the raw extract, or
 * goes to quarantine with the first rule it broke. Duplicates of a key (after the newest) are quarantined too.
 */
import { rmSync } from 'node:fs';
import type pg from 'pg';
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import { VALIDATION_MACROS, type SourceSpec } from './sources.ts';
import type { BrokenLine } from './connectors.ts';

export interface ValidationOutcome {
  valid: number;
  quarantined: number;
  reasons: Record<string, number>;
  /** Milliseconds per step (checking, writing, quarantining). */
  steps: Record<string, number>;
}

/** SQL `case` naming the first broken rule, or null. */
export function reasonSql(spec: SourceSpec, partitionEnd: string): string {
  const whens = spec.rules
    .filter((rule) => rule.bad !== 'false')
    .map(
      (rule) => `when ${rule.bad.replaceAll('$partition_end', sqlString(partitionEnd))} then ${sqlString(rule.reason)}`,
    );
  return `case ${whens.join(' ')} else null end`;
}

function typedSelect(spec: SourceSpec): string {
  return spec.columns
    .map((c) =>
      c.type === 'VARCHAR' ? sqlIdent(c.name) : `cast(${sqlIdent(c.name)} as ${c.type}) as ${sqlIdent(c.name)}`,
    )
    .join(', ');
}

/**
 * Validates the `incoming` relation, writes valid rows as zstd Parquet to `outputFile`, and stores quarantined
 * rows (and the connector's broken lines) in `pipelines.quarantine`. `incoming` is read once, streaming, into a
 * scratch Parquet file beside the output with the first broken rule of every row; the rest works on that file:
 * keys seen more than once (by a 64-bit hash of the key, then exactly), the valid rows into the output, the
 * broken ones (few) into quarantine. Nothing holds the whole extract in memory.
 */
export async function validateAndWrite(
  duck: DuckDBConnection,
  pool: pg.Pool,
  options: {
    spec: SourceSpec;
    incoming: string;
    broken: readonly BrokenLine[];
    partition: string;
    partitionEnd: string;
    outputFile: string;
    materialisationId: string;
  },
): Promise<ValidationOutcome> {
  const { spec } = options;
  await duck.run(VALIDATION_MACROS);
  const key = spec.key.map(sqlIdent).join(', ');
  const dups = `dup_hashes_${spec.name}`;
  const scratchFile = `${options.outputFile}.checked`;
  const scratch = `read_parquet(${sqlString(scratchFile)})`;
  const steps: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    steps[name] = Math.round(performance.now() - mark);
    mark = performance.now();
  };
  try {
    await duck.run(`copy (select *, ${reasonSql(spec, options.partitionEnd)} as _rule from ${options.incoming})
      to ${sqlString(scratchFile)} (format parquet, compression snappy)`);
    step('checkMs');
    // hashes held more than once: a superset of the duplicated keys (a collision only adds rows to rank exactly)
    await duck.run(`create or replace temp table ${dups} as
      select hash(${key}) as h from ${scratch} group by 1 having count(*) > 1`);
    step('duplicatesMs');
    // the first broken rule, else being an older copy of a key (rows of a duplicated key ranked newest first)
    const checked = `(select * exclude (_n), coalesce(_rule, case when _n > 1 then 'duplicate of ' || ${sqlString(spec.key.join('+'))} end) as _reason
        from (select *, 1 as _n from ${scratch} where hash(${key}) not in (select h from ${dups})
              union all
              select *, row_number() over (partition by ${key} order by updated_at desc) as _n
                from ${scratch} where hash(${key}) in (select h from ${dups})))`;
    await duck.run(`copy (select ${typedSelect(spec)} from ${checked} where _reason is null)
      to ${sqlString(options.outputFile)} (format parquet, compression zstd)`);
    step('writeMs');
    const bad = await queryRows<{ raw: string; reason: string }>(
      duck,
      `select to_json(struct_pack(${spec.columns.map((c) => `${sqlIdent(c.name)} := ${sqlIdent(c.name)}`).join(', ')}))::varchar as raw,
              _reason as reason
         from ${checked} where _reason is not null`,
    );
    const rows = [...bad, ...options.broken];
    await insertQuarantine(pool, options.materialisationId, spec.name, options.partition, rows);
    const [{ valid } = { valid: 0 }] = await queryRows<{ valid: number }>(
      duck,
      `select count(*)::bigint as valid from read_parquet(${sqlString(options.outputFile)})`,
    );
    step('quarantineMs');
    const reasons: Record<string, number> = {};
    for (const row of rows) reasons[row.reason] = (reasons[row.reason] ?? 0) + 1;
    return { valid, quarantined: rows.length, reasons, steps };
  } finally {
    await duck.run(`drop table if exists ${dups}`);
    rmSync(scratchFile, { force: true });
  }
}

const QUARANTINE_BATCH = 5_000;

async function insertQuarantine(
  pool: pg.Pool,
  materialisationId: string,
  source: string,
  partition: string,
  rows: readonly BrokenLine[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += QUARANTINE_BATCH) {
    const batch = rows.slice(start, start + QUARANTINE_BATCH);
    await pool.query(
      `insert into pipelines.quarantine (materialisation_id, source, partition, raw_row, reason)
       select $1, $2, $3, raw, reason from unnest($4::text[], $5::text[]) as q(raw, reason)`,
      [materialisationId, source, partition, batch.map((r) => r.raw), batch.map((r) => r.reason)],
    );
  }
}
