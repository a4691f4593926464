/**
 * Publication of a release into the catalog. Runs inside the caller's transaction (the pipeline renames the
 * staged folder and calls this before committing), so the flip of the current version is atomic with it.
 */
import { SdfError } from '../../platform/index.ts';
import { parsePublishVersion } from '../schemas.ts';
import type { PublishVersionInput } from '../types.ts';
import type { Queryable } from './queryable.ts';

/**
 * Records a release of `datasetId` and makes it the current one of its kind (`anon` → `current_version_id`,
 * `synthetic` → `current_synthetic_version_id`). Publishing the same (dataset, kind, version) again replaces
 * that release's record, so a rerun of a partition is idempotent. For an `anon` release the variables'
 * summaries are replaced by `summaries` (cleared where none is given, so none goes stale). Does not begin or
 * commit; returns the version id. Throws `SdfError('not_found')` if the dataset was never upserted.
 */
export async function publishVersion(client: Queryable, input: PublishVersionInput): Promise<string> {
  const release = parsePublishVersion(input);
  // Lock the dataset row so two publishers of the same dataset serialise on the flip.
  const { rowCount } = await client.query('select 1 from catalog.datasets where id = $1 for update', [
    release.datasetId,
  ]);
  if (!rowCount) {
    throw new SdfError(
      'not_found',
      `dataset '${release.datasetId}' is not in the catalog: call upsertDataset first`,
      404,
    );
  }
  const { rows } = await client.query<{ id: string }>(
    `insert into catalog.dataset_versions (dataset_id, kind, version, path, files, row_count, k, provenance, summaries)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (dataset_id, kind, version) do update
       set path = excluded.path, files = excluded.files, row_count = excluded.row_count, k = excluded.k,
           provenance = excluded.provenance, summaries = excluded.summaries, released_at = now()
     returning id`,
    [
      release.datasetId,
      release.kind,
      release.version,
      release.path,
      JSON.stringify(release.files),
      release.rowCount,
      release.k,
      JSON.stringify(release.provenance),
      release.summaries ? JSON.stringify(release.summaries) : null,
    ],
  );
  const versionId = String(rows[0]!.id);
  const column = release.kind === 'anon' ? 'current_version_id' : 'current_synthetic_version_id';
  await client.query(`update catalog.datasets set ${column} = $2, updated_at = now() where id = $1`, [
    release.datasetId,
    versionId,
  ]);
  if (release.kind === 'anon') {
    await client.query('update catalog.variables set summary = $2::jsonb -> name where dataset_id = $1', [
      release.datasetId,
      JSON.stringify(release.summaries ?? {}),
    ]);
  }
  return versionId;
}
