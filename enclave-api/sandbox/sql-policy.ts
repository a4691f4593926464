/**
 * What researcher SQL may reference, decided on DuckDB's own parse tree (`json_serialize_sql`), never on the text.
 * A query may read only the dataset views of its project (and its own CTEs), and call only the functions and table
 * functions on the allow-list (`allowed-functions.ts`): what DuckDB adds later is refused until someone lists it.
 * DuckDB's configuration (no external access, allowed directories, locked settings) is the first wall; this is the
 * second.
 */
import { isAllowedFunction, isAllowedTableFunction } from './allowed-functions.ts';

/** Verdict on one statement: `pass` to run it, `fail` with a reason code and message for a 422. */
export type SqlVerdict = { verdict: 'pass'; reason: '' } | { verdict: 'fail'; reason: SqlRejection; message: string };

export type SqlRejection =
  | 'empty'
  | 'syntax'
  | 'multiple_statements'
  | 'not_select'
  | 'forbidden_table'
  | 'forbidden_function'
  | 'forbidden_table_function';

export {
  ALLOWED_FUNCTIONS,
  ALLOWED_TABLE_FUNCTIONS,
  isAllowedFunction,
  isAllowedTableFunction,
} from './allowed-functions.ts';

const fail = (reason: SqlRejection, message: string): SqlVerdict => ({ verdict: 'fail', reason, message });
const PASS: SqlVerdict = { verdict: 'pass', reason: '' };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = { [key: string]: Json };

const isNode = (value: Json | undefined): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function* walk(value: Json): Generator<Node> {
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (isNode(value)) {
    yield value;
    for (const child of Object.values(value)) yield* walk(child);
  }
}

/** Every CTE name defined anywhere in the tree (they may be referenced as tables). */
function cteNames(tree: Json): Set<string> {
  const names = new Set<string>();
  for (const node of walk(tree)) {
    const map = node.cte_map;
    if (isNode(map) && Array.isArray(map.map)) {
      for (const entry of map.map)
        if (isNode(entry) && typeof entry.key === 'string') names.add(entry.key.toLowerCase());
    }
    if (node.type === 'RECURSIVE_CTE_NODE' && typeof node.cte_name === 'string') names.add(node.cte_name.toLowerCase());
  }
  return names;
}

function checkNode(node: Node, tables: ReadonlySet<string>): SqlVerdict {
  if (node.type === 'BASE_TABLE') {
    const name = String(node.table_name ?? '');
    if (node.schema_name || node.catalog_name || !tables.has(name.toLowerCase())) {
      const shown = [node.catalog_name, node.schema_name, name].filter(Boolean).join('.');
      return fail(
        'forbidden_table',
        `"${shown}" is not a dataset of this project; available: ${[...tables].join(', ')}`,
      );
    }
  }
  if (node.type === 'SHOW_REF' && !isNode(node.query)) {
    return fail('forbidden_table', 'SHOW of the catalog is not available; use DESCRIBE <dataset>');
  }
  if (node.type === 'TABLE_FUNCTION') {
    const fn = isNode(node.function) ? String(node.function.function_name ?? '') : '';
    if (!isAllowedTableFunction(fn)) {
      return fail('forbidden_table_function', `table function ${fn}() is not available in the enclave`);
    }
  }
  // Aggregates called as windows (`sum(x) over ()`) and window functions are WINDOW nodes with a function name.
  if ((node.class === 'FUNCTION' || node.class === 'WINDOW') && typeof node.function_name === 'string') {
    if (!isAllowedFunction(node.function_name)) {
      return fail('forbidden_function', `function ${node.function_name}() is not available in the enclave`);
    }
  }
  return PASS;
}

/** The tree, or null when it is not JSON (DuckDB writes the literal 1e400 as a bare `Infinity`). */
function parseTree(serialized: string): Json {
  try {
    return JSON.parse(serialized) as Json;
  } catch {
    return null;
  }
}

/**
 * Judges the output of `json_serialize_sql(sql)` against the views a project may read.
 * @param serialized the JSON text DuckDB returned
 * @param views dataset view names the project is granted
 */
export function judgeSerializedSql(serialized: string, views: readonly string[]): SqlVerdict {
  const tree = parseTree(serialized);
  if (!isNode(tree))
    return fail('syntax', 'the SQL could not be parsed (a numeric literal out of range, such as 1e400?)');
  if (tree.error === true) {
    const message = String(tree.error_message ?? 'not a SELECT');
    return message.includes('Only SELECT')
      ? fail('not_select', 'only a single read-only SELECT statement is accepted')
      : fail('syntax', message);
  }
  const statements = Array.isArray(tree.statements) ? tree.statements : [];
  if (statements.length === 0) return fail('empty', 'no SQL statement given');
  if (statements.length > 1) return fail('multiple_statements', 'only one statement is accepted per query');
  const tables = new Set([...views.map((v) => v.toLowerCase()), ...cteNames(tree)]);
  for (const node of walk(statements)) {
    const verdict = checkNode(node, tables);
    if (verdict.verdict === 'fail') return verdict;
  }
  return PASS;
}

/**
 * The base tables a statement reads (lower case, CTEs left out), from the output of `json_serialize_sql(sql)`:
 * what a cost preview counts rows of. Empty when the SQL does not parse.
 */
export function tablesOfSerializedSql(serialized: string): string[] {
  const tree = parseTree(serialized);
  if (!isNode(tree) || tree.error === true) return [];
  const ctes = cteNames(tree);
  const tables = new Set<string>();
  for (const node of walk(Array.isArray(tree.statements) ? tree.statements : [])) {
    if (node.type !== 'BASE_TABLE' || node.schema_name || node.catalog_name) continue;
    const name = String(node.table_name ?? '').toLowerCase();
    if (name && !ctes.has(name)) tables.add(name);
  }
  return [...tables].sort();
}
