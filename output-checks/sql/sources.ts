/**
 * What the FROM clause reads: dataset views, and derived tables (WITH … AS, subqueries in FROM) that keep one row
 * per person-row or per person — so the person pseudonym can still be followed through them. Anything else is a
 * reason the query cannot be analysed.
 */
import type { AstNode } from './parser.ts';
import { columnRef, integerConstant } from './ast.ts';
import type { DatasetView } from './analyse.ts';

/** A table the query reads, by the name it is referred to, and which of its columns identify persons. */
export interface Source {
  table: string;
  /** Qualifier to use for its columns (alias or name); null for an unnamed subquery. */
  ref: string | null;
  pseudonym: string | null;
  identifiers: string[];
}

type Ctes = ReadonlyMap<string, AstNode>;

/** Named CTEs of a SELECT node (lower-case name → query node); a reason string if they use column aliases. */
export function ctesOf(node: AstNode): Ctes | string {
  const map = new Map<string, AstNode>();
  for (const entry of (
    node.cte_map as { map?: Array<{ key: string; value: { aliases?: string[]; query: { node: AstNode } } }> }
  )?.map ?? []) {
    if ((entry.value.aliases ?? []).length > 0) return `WITH ${entry.key}(…) column aliases are not analysed`;
    map.set(entry.key.toLowerCase(), entry.value.query.node);
  }
  return map;
}

/** The sources of a FROM clause, or the reason it cannot be analysed. */
export function sourcesOf(
  from: AstNode,
  ctes: Ctes,
  datasets: readonly DatasetView[],
  aggregates: ReadonlySet<string>,
  depth = 0,
): Source[] | string {
  if (depth > 8) return 'derived tables nested too deeply';
  if (from.type === 'BASE_TABLE') {
    const table = String(from.table_name);
    const ref = String(from.alias || table);
    const cte = ctes.get(table.toLowerCase());
    if (cte) return derived(cte, table, ref, ctes, datasets, aggregates, depth);
    const view = datasets.find((d) => d.name.toLowerCase() === table.toLowerCase());
    if (!view) return `reads ${table}, which is not a dataset view`;
    return [{ table, ref, pseudonym: view.pseudonymColumn, identifiers: [...(view.identifierColumns ?? [])] }];
  }
  if (from.type === 'JOIN') {
    const left = sourcesOf(from.left as AstNode, ctes, datasets, aggregates, depth);
    const right = sourcesOf(from.right as AstNode, ctes, datasets, aggregates, depth);
    if (typeof left === 'string') return left;
    if (typeof right === 'string') return right;
    return [...left, ...right];
  }
  if (from.type === 'SUBQUERY') {
    if (((from.column_name_alias as string[] | undefined) ?? []).length > 0)
      return 'subquery column aliases are not analysed';
    const alias = String(from.alias || '');
    return derived(
      (from.subquery as { node: AstNode }).node,
      alias || '(subquery)',
      alias || null,
      ctes,
      datasets,
      aggregates,
      depth,
    );
  }
  if (from.type === 'EMPTY') return 'the query reads no table';
  return `FROM ${String(from.type).toLowerCase()} is not analysed`;
}

const hasNode = (value: unknown, test: (n: AstNode) => boolean): boolean => {
  if (Array.isArray(value)) return value.some((v) => hasNode(v, test));
  if (typeof value !== 'object' || value === null) return false;
  if (test(value as AstNode)) return true;
  return Object.values(value).some((v) => hasNode(v, test));
};

/** A derived table as a source: it must keep rows per person (no LIMIT/DISTINCT/windows; aggregates only per person). */
function derived(
  node: AstNode,
  table: string,
  ref: string | null,
  ctes: Ctes,
  datasets: readonly DatasetView[],
  aggregates: ReadonlySet<string>,
  depth: number,
): Source[] | string {
  const label = `derived table ${table}`;
  if (node.type !== 'SELECT_NODE') return `${label}: set operations (UNION …) are not analysed`;
  if (((node.cte_map as { map?: unknown[] })?.map ?? []).length > 0) return `${label}: nested WITH is not analysed`;
  if ((node.modifiers as AstNode[]).some((m) => m.type !== 'ORDER_MODIFIER'))
    return `${label}: LIMIT or DISTINCT inside is not analysed`;
  if (node.qualify || (node.group_sets as unknown[]).length > 1)
    return `${label}: QUALIFY or grouping sets are not analysed`;
  const selectList = node.select_list as AstNode[];
  if (hasNode(selectList, (n) => n.class === 'WINDOW' || n.class === 'SUBQUERY'))
    return `${label}: window functions or subqueries in its select list are not analysed`;
  const inner = sourcesOf(node.from_table as AstNode, ctes, datasets, aggregates, depth + 1);
  if (typeof inner === 'string') return inner;
  const person = inner.find((s) => s.pseudonym)?.pseudonym ?? null;
  const identifying = new Set(
    inner.flatMap((s) => [...(s.pseudonym ? [s.pseudonym] : []), ...s.identifiers]).map((c) => c.toLowerCase()),
  );
  const exposed = (name: string): string | null => {
    for (const item of selectList) {
      if (item.class === 'STAR') return name;
      const c = columnRef(item);
      if (c && c.name.toLowerCase() === name.toLowerCase()) return String(item.alias || c.name);
    }
    return null;
  };
  const aggregated = hasNode(
    selectList,
    (n) => n.class === 'FUNCTION' && aggregates.has(String(n.function_name).toLowerCase()),
  );
  const grouped = (node.group_expressions as AstNode[]).length > 0 || node.aggregate_handling === 'FORCE_AGGREGATES';
  if ((aggregated || grouped) && !(person && groupsByPerson(node, selectList, person))) {
    return `${label}: it aggregates across persons (not GROUP BY the pseudonym); aggregate once, in the outer query`;
  }
  return [
    {
      table,
      ref,
      pseudonym: person ? exposed(person) : null,
      identifiers: [...identifying].map(exposed).filter((n): n is string => n !== null),
    },
  ];
}

function groupsByPerson(node: AstNode, selectList: AstNode[], person: string): boolean {
  const isPerson = (n: AstNode | undefined) => !!n && columnRef(n)?.name.toLowerCase() === person.toLowerCase();
  if (node.aggregate_handling === 'FORCE_AGGREGATES') return selectList.some(isPerson);
  return (node.group_expressions as AstNode[]).some((g) => {
    const position = integerConstant(g);
    return isPerson(position !== null ? selectList[position - 1] : g);
  });
}
