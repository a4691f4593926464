/**
 * DuckDB's own parser, in process: `json_serialize_sql` turns researcher SQL into a syntax tree and
 * `json_deserialize_sql` renders a (modified) tree back to SQL, so the companion query is built from the same
 * parse the enclave's DuckDB will execute — no hand-written SQL grammar.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** A node of DuckDB's serialized syntax tree (loosely typed: we read only the fields we understand). */
export type AstNode = Record<string, unknown> & { class?: string; type?: string };

/** The parse of one SQL text. */
export interface ParsedSql {
  error: boolean;
  error_message?: string;
  statements: Array<{ node: AstNode }>;
}

interface Parser {
  connection: DuckDBConnection;
  aggregates: Set<string>;
}

let parser: Promise<Parser> | undefined;

async function openParser(): Promise<Parser> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(
    `select distinct function_name from duckdb_functions() where function_type = 'aggregate'`,
  );
  const aggregates = new Set(reader.getRows().map((row) => String(row[0]).toLowerCase()));
  aggregates.add('count_star');
  return { connection, aggregates };
}

function getParser(): Promise<Parser> {
  parser ??= openParser();
  return parser;
}

/*
 * JSON numbers lose what DuckDB needs back: the DOUBLE 1e7 is serialized as 10000000.0, JSON.parse makes it the
 * integer 10000000 and json_deserialize_sql then refuses it; integers beyond 2^53 lose digits (and the companion
 * would group by another constant). Such numbers travel as `{ "__sdf_number": "<text>" }` and are written back
 * verbatim. No SQL can forge that object: parse-tree keys are DuckDB's field names, and inside a JSON string its
 * quotes would be escaped.
 */
const NUMBER_MARK = '__sdf_number';
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:Infinity|NaN)|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const MARKED_NUMBER = new RegExp(`\\{"${NUMBER_MARK}":"([^"]*)"\\}`, 'g');

/** Parses DuckDB's JSON keeping every number DuckDB can read back; null when it holds ±Infinity or NaN. */
export function parseLossless(json: string): unknown {
  let finite = true;
  const marked = json.replace(JSON_TOKEN, (token) => {
    if (token.startsWith('"')) return token;
    if (token.endsWith('Infinity') || token.endsWith('NaN')) finite = false;
    const exact = !/[.eEIN]/.test(token) && Number.isSafeInteger(Number(token));
    return exact ? token : `{"${NUMBER_MARK}":"${token}"}`;
  });
  return finite ? JSON.parse(marked) : null;
}

/** JSON text of a tree read by `parseLossless`, with its numbers as DuckDB wrote them. */
export function stringifyLossless(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, replacer as (key: string, value: unknown) => unknown).replace(MARKED_NUMBER, '$1');
}

/** Parses SQL with DuckDB; a syntax error (or a literal out of range, such as 1e400) comes back as `{ error: true, error_message }`. */
export async function parseSql(sql: string): Promise<ParsedSql> {
  const { connection } = await getParser();
  const reader = await connection.runAndReadAll('select json_serialize_sql($1::varchar) as j', [sql]);
  const parsed = parseLossless(String(reader.getRows()[0]?.[0]));
  return (parsed ?? {
    error: true,
    error_message: 'a numeric literal is out of range (such as 1e400)',
    statements: [],
  }) as ParsedSql;
}

/** Names of every aggregate function DuckDB knows (lower case), read once from `duckdb_functions()`. */
export async function aggregateNames(): Promise<ReadonlySet<string>> {
  return (await getParser()).aggregates;
}

/** Renders a SELECT node back to SQL text. */
export async function renderSelect(node: AstNode): Promise<string> {
  const { connection } = await getParser();
  // "No position" is UINT64_MAX, which JSON numbers cannot carry back exactly; positions do not affect the SQL.
  const json = stringifyLossless({ error: false, statements: [{ node, named_param_map: [] }] }, (key, value) =>
    key === 'query_location' && !Number.isSafeInteger(value) ? 0 : value,
  );
  const reader = await connection.runAndReadAll('select json_deserialize_sql($1::json) as s', [json]);
  return String(reader.getRows()[0]?.[0]).replace(/;\s*$/, '');
}

const EXPRESSION_TEMPLATE: AstNode = {
  type: 'SELECT_NODE',
  modifiers: [],
  cte_map: { map: [] },
  select_list: [],
  from_table: { type: 'EMPTY', alias: '', sample: null, query_location: 0 },
  where_clause: null,
  group_expressions: [],
  group_sets: [],
  aggregate_handling: 'STANDARD_HANDLING',
  having: null,
  sample: null,
  qualify: null,
};

/** Renders one expression node to SQL text (without its alias). */
export async function renderExpression(expression: AstNode): Promise<string> {
  const sql = await renderSelect({ ...EXPRESSION_TEMPLATE, select_list: [{ ...expression, alias: '' }] });
  if (!sql.startsWith('SELECT ')) throw new Error(`unexpected rendering: ${sql}`);
  return sql.slice('SELECT '.length);
}

/** Renders `node` with its select list replaced by `items` (SQL expressions, each parsed by DuckDB). */
export async function renderWithItems(node: AstNode, items: readonly string[]): Promise<string> {
  const parsed = await parseSql(`SELECT ${items.join(', ')}`);
  if (parsed.error) throw new Error(`could not parse select items: ${parsed.error_message ?? ''}`);
  return renderSelect({ ...node, select_list: parsed.statements[0]!.node.select_list });
}
