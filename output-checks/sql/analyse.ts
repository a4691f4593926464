/**
 * Reads the shape of researcher SQL from DuckDB's parse: which tables, which group keys, which aggregates (and
 * what each shows), which output columns print group keys, statistics or identifiers — and whether the query
 * can be analysed at all. Anything not understood is reported as a reason, so the check goes to review.
 */
import { sqlIdent as quote } from '../../platform/index.ts';
import { parseSql, aggregateNames, renderExpression, renderWithItems, type AstNode } from './parser.ts';
import { ctesOf, sourcesOf, type Source } from './sources.ts';
import { childNodes, columnRef, integerConstant, sameExpression } from './ast.ts';
import { statisticKind } from './aggregates.ts';
import type { StatisticKind } from '../types.ts';

/** A view the query may read, with the person key and any direct identifiers. */
export interface DatasetView {
  /** Name the enclave gives the view (what researchers write in FROM). */
  name: string;
  pseudonymColumn: string | null;
  identifierColumns?: readonly string[];
}

/** One aggregate call in the select list: what it shows and the per-row value whose per-person sum we need. */
export interface AggregateSpec {
  kind: StatisticKind;
  functionName: string;
  /** SQL of the per-row contribution (NULL when the row does not contribute). */
  measureSql: string;
}

/** What an output column prints. */
export type ColumnRole =
  | { role: 'group'; key: number }
  | { role: 'statistic'; aggregates: number[] }
  | { role: 'identifier' }
  | { role: 'other' };

export type QueryShape = 'aggregate' | 'group' | 'row-level' | 'unanalysable';

/** The analysis of one query. */
export interface QueryAnalysis {
  shape: QueryShape;
  /** Why the query could not be analysed (shape `unanalysable`), or other things a custodian should know. */
  reasons: string[];
  /** SQL of each group key expression. */
  groupKeys: string[];
  columns: Array<{ name: string } & ColumnRole>;
  aggregates: AggregateSpec[];
  identifierColumns: string[];
  /** SQL of the person key, qualified by its table (null if no dataset in FROM has one). */
  personSql: string | null;
  /** `FROM … WHERE …` of the query (with any WITH), rendered by DuckDB — for people to read. */
  fromWhereSql: string | null;
  /** The query's tree without select list, grouping, HAVING and modifiers: the companion is built on it. */
  baseNode?: AstNode;
  havingOnAggregates: boolean;
  hidesRows: string[];
}

interface Walk {
  aggregates: AstNode[];
  nested: boolean;
  window: boolean;
  subquery: boolean;
  star: boolean;
  columns: Array<{ name: string; qualifier: string | null }>;
  /** Columns read inside aggregates that print values (list, string_agg, min, max, any_value …). */
  valueColumns: Array<{ name: string; qualifier: string | null }>;
}

async function walk(node: AstNode): Promise<Walk> {
  const names = await aggregateNames();
  const result: Walk = {
    aggregates: [],
    nested: false,
    window: false,
    subquery: false,
    star: false,
    columns: [],
    valueColumns: [],
  };
  const visit = (n: AstNode, insideAggregate: boolean, printsValues = false): void => {
    if (n.class === 'WINDOW') result.window = true;
    if (n.class === 'SUBQUERY') result.subquery = true;
    if (n.class === 'STAR' && !insideAggregate) result.star = true;
    const ref = columnRef(n);
    if (ref && !insideAggregate) result.columns.push(ref);
    if (ref && printsValues) result.valueColumns.push(ref);
    const isAggregate = n.class === 'FUNCTION' && names.has(String(n.function_name).toLowerCase());
    if (isAggregate) {
      if (insideAggregate) result.nested = true;
      else result.aggregates.push(n);
    }
    // An aggregate that returns one of its inputs (max, list, string_agg …) can print a pseudonym itself.
    const kind = isAggregate ? statisticKind(String(n.function_name), n.distinct === true) : null;
    const values = printsValues || kind === 'extreme' || kind === 'other';
    childNodes(n).forEach((child) => visit(child, insideAggregate || isAggregate, values));
  };
  visit(node, false);
  return result;
}

/** The analysis of a query that could not be analysed, and why. */
export const unanalysable = (reason: string): QueryAnalysis => ({
  shape: 'unanalysable',
  reasons: [reason],
  groupKeys: [],
  columns: [],
  aggregates: [],
  identifierColumns: [],
  personSql: null,
  fromWhereSql: null,
  havingOnAggregates: false,
  hidesRows: [],
});

/** Parses and classifies researcher SQL against the views it may read. */
export async function analyseQuery(sql: string, datasets: readonly DatasetView[]): Promise<QueryAnalysis> {
  const parsed = await parseSql(sql);
  if (parsed.error) return unanalysable(`DuckDB could not parse the query: ${parsed.error_message ?? 'syntax error'}`);
  if (parsed.statements.length !== 1) return unanalysable('exactly one statement is analysed');
  const node = parsed.statements[0]!.node;
  if (node.type !== 'SELECT_NODE')
    return unanalysable(`a ${String(node.type).toLowerCase().replace('_node', '')} (e.g. UNION) is not analysed yet`);
  if (node.qualify) return unanalysable('QUALIFY (a filter on window functions) is not analysed');
  if ((node.group_sets as unknown[][]).length > 1)
    return unanalysable('GROUPING SETS / ROLLUP / CUBE are not analysed yet');
  const ctes = ctesOf(node);
  if (typeof ctes === 'string') return unanalysable(ctes);
  const sources = sourcesOf(node.from_table as AstNode, ctes, datasets, await aggregateNames());
  if (typeof sources === 'string') return unanalysable(sources);
  return analyseSelect(node, sources);
}

async function analyseSelect(node: AstNode, sources: readonly Source[]): Promise<QueryAnalysis> {
  const selectList = node.select_list as AstNode[];
  const walks = await Promise.all(selectList.map(walk));
  const having = node.having ? await walk(node.having as AstNode) : null;
  const all = [...walks, ...(having ? [having] : [])];
  if (all.some((w) => w.window))
    return unanalysable('window functions are not analysed: aggregate with GROUP BY instead');
  if (all.some((w) => w.nested)) return unanalysable('nested aggregates are not analysed');
  if (walks.some((w) => w.subquery)) return unanalysable('a subquery in the select list is not analysed');

  const identifying = new Set(
    sources.flatMap((s) => [...(s.pseudonym ? [s.pseudonym] : []), ...s.identifiers]).map((c) => c.toLowerCase()),
  );
  const names = selectList.map((item, i) => String(item.alias || columnRef(item)?.name || `column${i}`));
  const identifierColumns = names.filter((_, i) =>
    walks[i]!.star
      ? identifying.size > 0
      : [...walks[i]!.columns, ...walks[i]!.valueColumns].some((c) => identifying.has(c.name.toLowerCase())),
  );

  const modifiers = node.modifiers as AstNode[];
  const distinct = modifiers.some((m) => m.type === 'DISTINCT_MODIFIER');
  const grouped = (node.group_expressions as AstNode[]).length > 0 || node.aggregate_handling === 'FORCE_AGGREGATES';
  const aggregated = walks.some((w) => w.aggregates.length > 0);
  const groupNodes = resolveGroupKeys(node, selectList, walks, aggregated || grouped ? false : distinct);

  // The query without its select list, grouping, HAVING and modifiers: FROM, WHERE and any WITH, kept as a tree.
  const baseNode: AstNode = {
    ...node,
    select_list: [],
    group_expressions: [],
    group_sets: [],
    aggregate_handling: 'STANDARD_HANDLING',
    having: null,
    modifiers: [],
    qualify: null,
  };
  const fromWhereSql = (await renderWithItems(baseNode, ['1'])).replace(/^SELECT 1 /, '');

  const person = sources.find((s) => s.pseudonym);
  const personSql = person ? `${person.ref ? `${quote(person.ref)}.` : ''}${quote(person.pseudonym!)}` : null;

  const aggregates: AggregateSpec[] = [];
  const columns: QueryAnalysis['columns'] = [];
  for (const [i, item] of selectList.entries()) {
    const key = groupNodes.findIndex((g) => sameExpression(g, item));
    if (identifierColumns.includes(names[i]!)) columns.push({ name: names[i]!, role: 'identifier' });
    else if (key >= 0) columns.push({ name: names[i]!, role: 'group', key });
    else if (walks[i]!.aggregates.length > 0) {
      const indexes: number[] = [];
      for (const aggregate of walks[i]!.aggregates) indexes.push(aggregates.push(await aggregateSpec(aggregate)) - 1);
      columns.push({ name: names[i]!, role: 'statistic', aggregates: indexes });
    } else columns.push({ name: names[i]!, role: 'other' });
  }

  const reasons: string[] = [];
  if (!personSql) reasons.push('no dataset in FROM has a person pseudonym: persons behind cells cannot be counted');
  const hidesRows = [
    ...(node.having ? ['HAVING'] : []),
    ...(modifiers.some((m) => m.type === 'LIMIT_MODIFIER' || m.type === 'LIMIT_PERCENT_MODIFIER') ? ['LIMIT'] : []),
  ];
  return {
    shape: aggregated ? 'aggregate' : grouped || distinct ? 'group' : 'row-level',
    reasons,
    groupKeys: await Promise.all(groupNodes.map(renderExpression)),
    columns,
    aggregates,
    identifierColumns,
    personSql,
    fromWhereSql,
    baseNode,
    havingOnAggregates: (having?.aggregates.length ?? 0) > 0,
    hidesRows,
  };
}

/** Group key expressions, with GROUP BY ALL, positions (GROUP BY 1) and select aliases resolved. */
function resolveGroupKeys(node: AstNode, selectList: AstNode[], walks: Walk[], distinctRows: boolean): AstNode[] {
  const plain = selectList.filter((_, i) => walks[i]!.aggregates.length === 0);
  if (node.aggregate_handling === 'FORCE_AGGREGATES' || distinctRows)
    return plain.filter((item) => item.class !== 'CONSTANT');
  return (node.group_expressions as AstNode[]).map((g) => {
    const position = integerConstant(g);
    if (position !== null && selectList[position - 1]) return selectList[position - 1]!;
    const ref = columnRef(g);
    const aliased = ref && !ref.qualifier ? selectList.find((item) => item.alias === ref.name) : undefined;
    return aliased && !(columnRef(aliased)?.name === ref?.name) ? aliased : g;
  });
}

async function aggregateSpec(call: AstNode): Promise<AggregateSpec> {
  const functionName = String(call.function_name).toLowerCase();
  const kind = statisticKind(functionName, call.distinct === true);
  const args = await Promise.all((call.children as AstNode[]).map(renderExpression));
  let measure: string;
  if (functionName === 'count_star') measure = '1';
  else if (kind === 'count' || kind === 'model' || kind === 'spread' || kind === 'extreme' || kind === 'other') {
    const present = args.length > 0 ? args.map((a) => `(${a}) IS NOT NULL`).join(' AND ') : 'TRUE';
    measure = `CASE WHEN ${present} THEN 1 END`;
  } else measure = `(${args[0] ?? 'NULL'})::DOUBLE`;
  if (call.filter) measure = `CASE WHEN (${await renderExpression(call.filter as AstNode)}) THEN ${measure} END`;
  return { kind, functionName, measureSql: measure };
}
