/**
 * Writes and reads of catalog entries: the study description and variables (`upsertDataset`) and the
 * records the API, the CLI and the exports are built from.
 */
import { notFound } from '../../platform/index.ts';
import { parseDatasetInput } from '../schemas.ts';
import type {
  DatasetInput,
  DatasetRecord,
  DatasetSummary,
  DbDataset,
  DbDatasetVersion,
  DbVariable,
  StudyDescription,
} from '../types.ts';
import type { Queryable } from './queryable.ts';
import { toVariableRecord, toVersionRecord } from './rows.ts';

/**
 * Creates or updates a dataset's study description and variables, in one statement (so it is atomic even on
 * a pool). Variables no longer declared are removed; summaries of the ones kept are preserved until the next
 * `publishVersion`. Throws `SdfError('bad_input')` naming the field if the input is malformed.
 */
export async function upsertDataset(client: Queryable, input: DatasetInput): Promise<void> {
  const dataset = parseDatasetInput(input);
  const variables = dataset.variables.map((v, position) => ({
    name: v.name,
    position,
    label: v.label,
    type: v.type,
    role: v.role,
    // as [code, label] pairs: jsonb objects reorder their keys, and the declared order is meaningful
    value_labels: v.valueLabels ? Object.entries(v.valueLabels) : null,
    anonymisation: v.anonymisation ?? null,
    disclosure_class: v.disclosureClass ?? null,
  }));
  await client.query(
    `with d as (
       insert into catalog.datasets (id, title, description, record) values ($1, $2, $3, $4)
       on conflict (id) do update
         set title = excluded.title, description = excluded.description, record = excluded.record, updated_at = now()
       returning id
     ), spec as (
       select * from jsonb_to_recordset($5::jsonb) as s(name text, position int, label text, type text, role text,
                                                       value_labels jsonb, anonymisation text, disclosure_class text)
     ), removed as (
       delete from catalog.variables v where v.dataset_id = $1 and v.name not in (select name from spec)
     )
     insert into catalog.variables (dataset_id, name, position, label, type, role, value_labels, anonymisation,
                                    disclosure_class)
     select (select id from d), name, position, label, type, role, value_labels, anonymisation, disclosure_class
       from spec
     on conflict (dataset_id, name) do update
       set position = excluded.position, label = excluded.label, type = excluded.type, role = excluded.role,
           value_labels = excluded.value_labels, anonymisation = excluded.anonymisation,
           disclosure_class = excluded.disclosure_class`,
    [dataset.id, dataset.title, dataset.description, JSON.stringify(dataset.record), JSON.stringify(variables)],
  );
}

/** One line per dataset, ordered by id, with its current anonymised release if there is one. */
export async function listDatasets(pool: Queryable): Promise<DatasetSummary[]> {
  const { rows } = await pool.query<
    DbDataset & {
      version: string | null;
      row_count: string | null;
      k: number | null;
      released_at: Date | null;
      variable_count: string;
    }
  >(
    `select d.*, v.version, v.row_count, v.k, v.released_at,
            (select count(*) from catalog.variables w where w.dataset_id = d.id) as variable_count
       from catalog.datasets d left join catalog.dataset_versions v on v.id = d.current_version_id
      order by d.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    description: row.description,
    currentVersion:
      row.current_version_id && row.version && row.released_at
        ? {
            id: String(row.current_version_id),
            version: row.version,
            rowCount: Number(row.row_count),
            k: row.k,
            releasedAt: row.released_at.toISOString(),
          }
        : null,
    hasSynthetic: row.current_synthetic_version_id !== null,
    variableCount: Number(row.variable_count),
  }));
}

/** The whole catalog entry of a dataset, or null if there is none. */
export async function findDatasetRecord(pool: Queryable, id: string): Promise<DatasetRecord | null> {
  const { rows } = await pool.query<DbDataset>('select * from catalog.datasets where id = $1', [id]);
  const dataset = rows[0];
  if (!dataset) return null;
  // Sequential: the caller may pass one client, and pg deprecates overlapping queries on a client.
  const versions = await pool.query<DbDatasetVersion>(
    'select * from catalog.dataset_versions where dataset_id = $1 order by released_at desc, id desc',
    [id],
  );
  const variables = await pool.query<DbVariable>(
    'select * from catalog.variables where dataset_id = $1 order by position',
    [id],
  );
  const current = new Set([dataset.current_version_id, dataset.current_synthetic_version_id].map(String));
  const records = versions.rows.map((row) => toVersionRecord(row, current.has(String(row.id))));
  const currentOf = (versionId: string | null) => records.find((v) => versionId !== null && v.id === String(versionId));
  return {
    id: dataset.id,
    title: dataset.title,
    description: dataset.description,
    study: dataset.record as unknown as StudyDescription,
    currentVersion: currentOf(dataset.current_version_id) ?? null,
    currentSyntheticVersion: currentOf(dataset.current_synthetic_version_id) ?? null,
    versions: records,
    variables: variables.rows.map(toVariableRecord),
    updatedAt: dataset.updated_at.toISOString(),
  };
}

/** The whole catalog entry of a dataset; throws `SdfError('not_found', 404)` for an unknown id. */
export async function getDatasetRecord(pool: Queryable, id: string): Promise<DatasetRecord> {
  const record = await findDatasetRecord(pool, id);
  if (!record) throw notFound(`dataset '${id}'`);
  return record;
}

/** Every catalog entry, ordered by id (for the catalog-wide DCAT export). */
export async function getAllDatasetRecords(pool: Queryable): Promise<DatasetRecord[]> {
  const { rows } = await pool.query<{ id: string }>('select id from catalog.datasets order by id');
  const records: DatasetRecord[] = [];
  for (const row of rows) records.push(await getDatasetRecord(pool, row.id));
  return records;
}
