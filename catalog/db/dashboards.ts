/** Dashboards: safe aggregates for policymakers, published by the pipelines' `dash/*` assets. */
import { badInput, notFound } from '../../platform/index.ts';
import { parseDashboardInput } from '../schemas.ts';
import type { Dashboard, DashboardInput, DashboardSummary, DbDashboard } from '../types.ts';
import type { Queryable } from './queryable.ts';

/**
 * Creates or replaces a dashboard's figures. The caller must already have protected them (differential privacy
 * or suppression and rounding) and says how in `protection`. Throws `SdfError('bad_input')` on malformed input.
 */
export async function publishDashboard(client: Queryable, input: DashboardInput): Promise<void> {
  const d = parseDashboardInput(input);
  const unknownDimension = d.dimensions.find((name) => d.data.length > 0 && !(name in d.data[0]!));
  if (unknownDimension) throw badInput('dashboard.dimensions', `'${unknownDimension}' is not a column of data`);
  await client.query(
    `insert into catalog.dashboards (id, title, description, unit, data, dimensions, protection, lineage, partition)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (id) do update
       set title = excluded.title, description = excluded.description, unit = excluded.unit, data = excluded.data,
           dimensions = excluded.dimensions, protection = excluded.protection, lineage = excluded.lineage,
           partition = excluded.partition, updated_at = now()`,
    [
      d.id,
      d.title,
      d.description,
      d.unit,
      JSON.stringify(d.data),
      JSON.stringify(d.dimensions),
      JSON.stringify(d.protection),
      JSON.stringify(d.lineage),
      d.partition,
    ],
  );
}

function toDashboard(row: DbDashboard): Dashboard {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    unit: row.unit,
    data: row.data,
    dimensions: row.dimensions,
    protection: row.protection,
    lineage: row.lineage,
    partition: row.partition,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Every dashboard without its rows (with their number), ordered by id. */
export async function listDashboards(pool: Queryable): Promise<DashboardSummary[]> {
  const { rows } = await pool.query<DbDashboard & { rows: number }>(
    `select id, title, description, unit, '[]'::jsonb as data, dimensions, protection, lineage, partition, updated_at,
            jsonb_array_length(data) as rows
       from catalog.dashboards order by id`,
  );
  return rows.map((row) => {
    const { data: _data, ...rest } = toDashboard(row);
    return { ...rest, rows: row.rows };
  });
}

/** One dashboard with its rows; throws `SdfError('not_found', 404)` for an unknown id. */
export async function getDashboard(pool: Queryable, id: string): Promise<Dashboard> {
  const { rows } = await pool.query<DbDashboard>('select * from catalog.dashboards where id = $1', [id]);
  if (!rows[0]) throw notFound(`dashboard '${id}'`);
  return toDashboard(rows[0]);
}
