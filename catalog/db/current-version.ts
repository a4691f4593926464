import { join } from 'node:path';
import type { CurrentVersion, DbDatasetVersion, VersionKind } from '../types.ts';
import type { Queryable } from './queryable.ts';

/**
 * The release currently served for a dataset (`anon` or its `synthetic` twin), or null if none is published.
 * `releasesRoot` is `$SDF_HOME/data/releases`. `db` is a pool or a client inside the caller's transaction.
 */
export async function getCurrentVersion(
  pool: Queryable,
  releasesRoot: string,
  datasetId: string,
  kind: VersionKind = 'anon',
): Promise<CurrentVersion | null> {
  const column = kind === 'anon' ? 'current_version_id' : 'current_synthetic_version_id';
  const { rows } = await pool.query<
    DbDatasetVersion & { pseudonym_column: string | null; pseudonym_columns: string[] }
  >(
    `select v.*, (select name from catalog.variables w where w.dataset_id = d.id and w.role = 'pseudonym'
                  order by position limit 1) as pseudonym_column,
            array(select name from catalog.variables w where w.dataset_id = d.id and w.role = 'pseudonym'
                  order by position) as pseudonym_columns
       from catalog.datasets d join catalog.dataset_versions v on v.id = d.${column}
      where d.id = $1`,
    [datasetId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    datasetId: row.dataset_id,
    versionId: row.id,
    version: row.version,
    kind: row.kind,
    dir: join(releasesRoot, row.path),
    files: row.files,
    k: row.k,
    pseudonymColumn: row.pseudonym_column,
    pseudonymColumns: row.pseudonym_columns ?? [],
  };
}
