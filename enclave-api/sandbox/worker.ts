/**
 * A sandbox worker: a child process that runs one researcher query at a time in a fresh, locked-down DuckDB
 * instance. Kept warm by the pool so a query does not pay process start-up; a crash here cannot take the API down.
 */
import { StatementType, type DuckDBConnection, type DuckDBInstance } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkSql } from './sql-guard.ts';
import { openLocked, quote } from './locked-instance.ts';
import type { ReplyMessage, RunMessage } from './protocol.ts';

class QueryFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const openLockedInstance = (message: RunMessage) =>
  openLocked({
    views: message.views,
    readDirs: message.readDirs,
    tempDir: message.tempDir,
    writeDir: message.outputPath ? dirname(message.outputPath) : null,
    memoryLimit: message.limits.memoryLimit,
    threads: message.limits.threads,
  });

/**
 * Locked instances kept warm for queries that return rows, keyed by everything their configuration depends on
 * (views, folders, limits). A SELECT cannot change an instance's state, so reusing one for the same grants is
 * safe; it saves start-up and keeps Parquet metadata cached. Instances that wrote a file are never reused.
 */
const WARM_LIMIT = 4;
const warm = new Map<string, { instance: DuckDBInstance; tempDir: string }>();

const warmKey = (message: RunMessage): string | null =>
  message.outputPath
    ? null
    : JSON.stringify([message.views, message.readDirs, message.limits.memoryLimit, message.limits.threads]);

function discard(entry: { instance: DuckDBInstance; tempDir: string }): void {
  entry.instance.closeSync();
  rmSync(entry.tempDir, { recursive: true, force: true });
}

async function acquire(
  message: RunMessage,
  key: string | null,
): Promise<{ instance: DuckDBInstance; tempDir: string }> {
  const cached = key ? warm.get(key) : undefined;
  if (cached) {
    warm.delete(key!);
    return cached;
  }
  return openLockedInstance(message);
}

function release(entry: { instance: DuckDBInstance; tempDir: string }, key: string | null, healthy: boolean): void {
  if (!key || !healthy) return discard(entry);
  warm.set(key, entry);
  for (const [oldest, old] of warm) {
    if (warm.size <= WARM_LIMIT) break;
    warm.delete(oldest);
    discard(old);
  }
}

function classify(error: unknown, timedOut: boolean): QueryFailure {
  if (error instanceof QueryFailure) return error;
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n')[0] ?? text;
  if (timedOut || /interrupt/i.test(first))
    return new QueryFailure('timeout', 'the query ran past its time limit and was stopped');
  if (/out of memory/i.test(first))
    return new QueryFailure('out_of_memory', `the query needed more memory than allowed: ${first}`);
  return new QueryFailure('query_error', first);
}

async function execute(
  connection: DuckDBConnection,
  message: RunMessage,
): Promise<Omit<Extract<ReplyMessage, { type: 'done' }>, 'type' | 'jobId'>> {
  const verdict = await checkSql(
    connection,
    message.sql,
    message.views.map((v) => v.name),
  );
  if (verdict.verdict === 'fail') throw new QueryFailure(`sql_${verdict.reason}`, verdict.message);
  const prepared = await (await connection.extractStatements(message.sql)).prepare(0);
  if (prepared.statementType !== StatementType.SELECT)
    throw new QueryFailure('sql_not_select', 'only a SELECT is accepted');
  const { maxRows } = message.limits;
  const columns = Array.from({ length: prepared.columnCount }, (_, i) => ({
    name: prepared.columnName(i),
    type: prepared.columnType(i).toString(),
  }));
  if (message.outputPath) {
    const body = message.sql.trim().replace(/;+\s*$/, '');
    const copy = `copy (select * from (\n${body}\n) limit ${maxRows + 1}) to ${quote(message.outputPath)} (format parquet, compression zstd)`;
    const result = await connection.run(copy);
    const rowCount = Number(result.rowsChanged);
    if (rowCount > maxRows) {
      rmSync(message.outputPath, { force: true });
      throw new QueryFailure('too_many_rows', `the result has more than ${maxRows} rows; aggregate it further`);
    }
    return { columns, rows: [], rowCount, truncated: false };
  }
  const reader = await prepared.streamAndReadUntil(maxRows + 1);
  const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
  const truncated = rows.length > maxRows;
  const kept = truncated ? rows.slice(0, maxRows) : rows;
  return { columns, rows: kept, rowCount: kept.length, truncated };
}

async function run(message: RunMessage): Promise<ReplyMessage> {
  const key = warmKey(message);
  let entry: { instance: DuckDBInstance; tempDir: string } | undefined;
  let connection: DuckDBConnection | undefined;
  let timedOut = false;
  let healthy = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection?.interrupt();
  }, message.limits.timeoutMs);
  try {
    entry = await acquire(message, key);
    connection = await entry.instance.connect();
    const done = await execute(connection, message);
    healthy = true;
    return { type: 'done', jobId: message.jobId, ...done };
  } catch (error) {
    const failure = classify(error, timedOut);
    // An ordinary SQL error leaves the instance as it was; after a timeout or memory failure start afresh.
    healthy = failure.code === 'query_error' || failure.code.startsWith('sql_');
    return { type: 'error', jobId: message.jobId, code: failure.code, message: failure.message };
  } finally {
    clearTimeout(timer);
    connection?.closeSync();
    if (entry) release(entry, key, healthy);
    else rmSync(message.tempDir, { recursive: true, force: true });
  }
}

/** Replies to the pool; if the pool has gone away there is no one to answer, so the worker just ends. */
function reply(message: ReplyMessage): void {
  if (!process.connected) process.exit(0);
  process.send?.(message, undefined, undefined, (error) => {
    if (error) process.exit(0);
  });
}

process.on('message', (message: RunMessage) => {
  if (message?.type !== 'run') return;
  void run(message).then(reply);
});
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready' });
