/** Every asset of the nightly graph: raw extracts → person spine → anonymised releases → synthetic twins, dashboards. */
import { buildAssetGraph, type AssetGraph } from '../framework/define.ts';
import { RAW_ASSETS } from './raw.ts';
import { personSpineAsset } from './spine.ts';
import { anonAsset } from './anon.ts';
import { syntheticAsset } from './synthetic.ts';
import { linkageAsset } from './synthetic-linkage.ts';
import { DASH_ASSETS } from './dash.ts';
import { DATASETS } from '../datasets/index.ts';
import type { AssetDefinition } from '../types.ts';

export const ASSETS: readonly AssetDefinition[] = [
  ...RAW_ASSETS,
  personSpineAsset,
  ...DATASETS.map(anonAsset),
  linkageAsset,
  ...DATASETS.map(syntheticAsset),
  ...DASH_ASSETS,
];

let graph: AssetGraph | undefined;

/** The facility's asset graph, validated once (a bad declaration fails here, at startup). */
export function facilityGraph(): AssetGraph {
  graph ??= buildAssetGraph(ASSETS);
  return graph;
}
