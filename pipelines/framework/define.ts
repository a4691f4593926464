/**
 * Declaring assets and deriving their graph. A bad definition is rejected when the graph is built (as Dagster
 * does at load time), never halfway through a nightly run.
 */
import { SdfError } from '../../platform/index.ts';
import type { AssetDefinition } from '../types.ts';

const ASSET_KEY = /^[a-z][a-z0-9_]*(\/[a-z][a-z0-9_]*)*$/;

/** Declares an asset; validates the shape of its key and checks. */
export function defineAsset(definition: AssetDefinition): AssetDefinition {
  if (!ASSET_KEY.test(definition.key)) {
    throw new SdfError('invalid_asset', `asset key "${definition.key}" must look like "anon/grants"`);
  }
  if (!definition.codeVersion) throw new SdfError('invalid_asset', `asset ${definition.key} needs a codeVersion`);
  const names = definition.checks.map((check) => check.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new SdfError('invalid_asset', `asset ${definition.key} declares check "${duplicate}" twice`);
  return Object.freeze({ ...definition, deps: [...definition.deps] });
}

/** The validated asset graph: definitions by key, children by key, and a topological order. */
export interface AssetGraph {
  assets: ReadonlyMap<string, AssetDefinition>;
  children: ReadonlyMap<string, readonly string[]>;
  /** Every key, deps before dependants (ties broken by key, so the order is stable). */
  order: readonly string[];
  roots: readonly string[];
  /**
   * Job priority of each asset (graphile-worker runs lower numbers first): assets with the longest chain of
   * dependants below them go first, so a free worker slot takes the critical path rather than a leaf.
   */
  priority: ReadonlyMap<string, number>;
}

/** Builds the graph; throws `invalid_asset_graph` naming the duplicate key, the missing dep or the cycle. */
export function buildAssetGraph(definitions: readonly AssetDefinition[]): AssetGraph {
  const assets = new Map<string, AssetDefinition>();
  for (const definition of definitions) {
    if (assets.has(definition.key)) throw graphError(`asset "${definition.key}" is declared twice`);
    assets.set(definition.key, definition);
  }
  const children = new Map<string, string[]>([...assets.keys()].map((key) => [key, []]));
  for (const definition of definitions) {
    for (const dep of definition.deps) {
      if (!assets.has(dep)) throw graphError(`asset "${definition.key}" depends on "${dep}", which is not declared`);
      children.get(dep)!.push(definition.key);
    }
  }
  const order = topologicalOrder(assets, children);
  const roots = order.filter((key) => assets.get(key)!.deps.length === 0);
  const height = new Map<string, number>();
  for (const key of [...order].reverse())
    height.set(key, Math.max(-1, ...children.get(key)!.map((child) => height.get(child)!)) + 1);
  const tallest = Math.max(0, ...height.values());
  const priority = new Map([...height].map(([key, h]) => [key, tallest - h]));
  return { assets, children, order, roots, priority };
}

function topologicalOrder(assets: Map<string, AssetDefinition>, children: Map<string, string[]>): string[] {
  const remaining = new Map([...assets].map(([key, definition]) => [key, new Set(definition.deps).size]));
  const ready = [...remaining]
    .filter(([, count]) => count === 0)
    .map(([key]) => key)
    .sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const key = ready.shift()!;
    order.push(key);
    for (const child of new Set(children.get(key))) {
      const left = remaining.get(child)! - 1;
      remaining.set(child, left);
      if (left === 0) insertSorted(ready, child);
    }
  }
  if (order.length < assets.size) {
    throw graphError(`the asset graph has a cycle through ${findCycle(assets, new Set(order)).join(' → ')}`);
  }
  return order;
}

function insertSorted(list: string[], value: string): void {
  const at = list.findIndex((item) => item > value);
  list.splice(at === -1 ? list.length : at, 0, value);
}

/** Walks deps among the unsorted assets until a key repeats: that loop is the cycle. */
function findCycle(assets: Map<string, AssetDefinition>, sorted: Set<string>): string[] {
  const start = [...assets.keys()].filter((key) => !sorted.has(key)).sort()[0]!;
  const path: string[] = [];
  let key = start;
  while (!path.includes(key)) {
    path.push(key);
    key = assets
      .get(key)!
      .deps.filter((dep) => !sorted.has(dep))
      .sort()[0]!;
  }
  return [...path.slice(path.indexOf(key)), key];
}

function graphError(message: string): SdfError {
  return new SdfError('invalid_asset_graph', message);
}

/** Every asset downstream of `key` (not including it). */
export function descendants(graph: AssetGraph, key: string): string[] {
  const seen = new Set<string>();
  const stack = [...(graph.children.get(key) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(graph.children.get(next) ?? []));
  }
  return graph.order.filter((candidate) => seen.has(candidate));
}

/** The graph as text, one asset per line in topological order with its deps and checks (`sdf pipeline graph`). */
export function formatAssetGraph(graph: AssetGraph): string {
  return graph.order
    .map((key) => {
      const asset = graph.assets.get(key)!;
      const deps = asset.deps.length > 0 ? ` ← ${asset.deps.join(', ')}` : '';
      const checks = asset.checks.map((check) => `${check.name}${check.blocking ? '*' : ''}`);
      const checkText = checks.length > 0 ? `  [checks: ${checks.join(', ')}]` : '';
      return `${key} (v${asset.codeVersion})${deps}${checkText}`;
    })
    .concat('(* = blocking check)')
    .join('\n');
}

/** Graphviz DOT of the graph, for documentation. */
export function assetGraphDot(graph: AssetGraph): string {
  const edges = graph.order.flatMap((key) => graph.assets.get(key)!.deps.map((dep) => `  "${dep}" -> "${key}";`));
  return ['digraph assets {', '  rankdir=LR;', ...edges, '}'].join('\n');
}
