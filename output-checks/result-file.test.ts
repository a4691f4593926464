import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DateUnit, TimeUnit, Type, tableFromIPC } from 'apache-arrow';
import { XMLParser } from 'fast-xml-parser';
import { renderDownload } from './index.ts';
import { writeProtected } from './result-file.ts';

// A result with the types Number() coercion used to lose: a decimal whose scale shows, an integer above 2^53, a
// date on 29 February, a timestamp with microseconds, and a NULL in every column of the second row.
const QUERY = `select * from (values
    (12.30::decimal(18,2), 9007199254740993::bigint, date '2024-02-29', timestamptz '2024-01-02 03:04:05.123456+00',
     42::integer, 0.1::double, true, 'a,"b"', -12345678901234567890.0123456789::decimal(38,10)),
    (null, null, null, null, null, null, null, null, null)
  ) t(amount, big, day, "at", n, share, flag, label, huge)`;

/** The query's columns as DuckDB types them (the truth every format is checked against). */
const COLUMNS = [
  {
    name: 'amount',
    duck: 'DECIMAL(18,2)',
    arrow: { typeId: Type.Decimal, precision: 18, scale: 2, bitWidth: 128 },
    text: '12.30',
  },
  { name: 'big', duck: 'BIGINT', arrow: { typeId: Type.Int, bitWidth: 64, isSigned: true }, text: '9007199254740993' },
  { name: 'day', duck: 'DATE', arrow: { typeId: Type.Date, unit: DateUnit.DAY }, text: '2024-02-29' },
  {
    name: 'at',
    duck: 'TIMESTAMP WITH TIME ZONE',
    arrow: { typeId: Type.Timestamp, unit: TimeUnit.MICROSECOND, timezone: 'UTC' },
    text: '2024-01-02 03:04:05.123456+00',
  },
  { name: 'n', duck: 'INTEGER', arrow: { typeId: Type.Int, bitWidth: 32, isSigned: true }, text: '42' },
  { name: 'share', duck: 'DOUBLE', arrow: { typeId: Type.Float }, text: '0.1' },
  { name: 'flag', duck: 'BOOLEAN', arrow: { typeId: Type.Bool }, text: 'true' },
  { name: 'label', duck: 'VARCHAR', arrow: { typeId: Type.Utf8 }, text: 'a,"b"' },
  {
    name: 'huge',
    duck: 'DECIMAL(38,10)',
    arrow: { typeId: Type.Decimal, precision: 38, scale: 10, bitWidth: 128 },
    text: '-12345678901234567890.0123456789',
  },
] as const;

let dir: string;
let file: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdf-result-file-'));
  file = join(dir, 'result.parquet');
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`copy (${QUERY}) to '${file}' (format parquet)`);
  connection.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("downloads keep the query's column types", () => {
  it("parquet has the query's DuckDB types", async () => {
    const out = join(dir, 'download.parquet');
    writeFileSync(out, await renderDownload(file, 'parquet'));
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const described = (
      await connection.runAndReadAll(`describe select * from read_parquet('${out}')`)
    ).getRowObjectsJS();
    expect(described.map((c) => [c.column_name, c.column_type, c.null])).toEqual(
      COLUMNS.map((c) => [c.name, c.duck, 'YES']),
    );
    connection.closeSync();
  });

  it('arrow has a typed, nullable field per column and the exact values', async () => {
    const table = tableFromIPC(await renderDownload(file, 'arrow'));
    expect(table.schema.fields.map((f) => f.name)).toEqual(COLUMNS.map((c) => c.name));
    table.schema.fields.forEach((field, i) => {
      expect(field.nullable).toBe(true);
      expect(field.type).toMatchObject(COLUMNS[i]!.arrow);
    });
    const first = table.get(0)!.toJSON();
    expect(first.big).toBe(9007199254740993n);
    expect(first.n).toBe(42);
    expect(first.share).toBe(0.1);
    expect(first.flag).toBe(true);
    expect(first.label).toBe('a,"b"');
    expect(new Date(first.day as number).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    // microseconds survive: the timestamp column holds micros since the epoch
    expect(table.getChild('at')!.data[0]!.values[0]).toBe(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1000n + 123456n);
    // decimals as Arrow decodes them: the scaled integer, with the scale in the field's type
    expect(String(first.amount)).toBe('1230');
    expect(String(first.huge)).toBe('-123456789012345678900123456789');
    expect(Object.values(table.get(1)!.toJSON()).every((v) => v === null)).toBe(true);
    expect(table.schema.fields.map((f) => table.getChild(f.name)!.nullCount)).toEqual(COLUMNS.map(() => 1));
  });

  it('json lists the DuckDB type and nullability of each column and writes exact numbers', async () => {
    const text = (await renderDownload(file, 'json')).toString();
    const parsed = JSON.parse(text);
    expect(parsed.columns).toEqual(COLUMNS.map((c) => ({ name: c.name, type: c.duck, nullable: true })));
    expect(text).toContain('"amount":12.30');
    expect(text).toContain('"big":9007199254740993');
    expect(text).toContain('"huge":-12345678901234567890.0123456789');
    expect(parsed.rows[0]).toMatchObject({
      day: '2024-02-29',
      at: '2024-01-02 03:04:05.123456+00',
      n: 42,
      share: 0.1,
      flag: true,
      label: 'a,"b"',
    });
    expect(Object.values(parsed.rows[1]).every((v) => v === null)).toBe(true);
  });

  it('csv has the columns in order, exact text, and empty cells for NULL', async () => {
    const lines = (await renderDownload(file, 'csv')).toString().trimEnd().split('\n');
    expect(lines[0]).toBe(COLUMNS.map((c) => c.name).join(','));
    expect(lines[1]).toBe(COLUMNS.map((c) => (c.name === 'label' ? '"a,""b"""' : c.text)).join(','));
    expect(lines[2]).toBe(','.repeat(COLUMNS.length - 1));
  });

  it('xml names every cell by its column, with exact text, and empty cells for NULL', async () => {
    const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(
      (await renderDownload(file, 'xml')).toString(),
    );
    const [first, second] = xml.output.row as Array<{ cell: Array<{ '@_name': string; '#text'?: string }> }>;
    expect(first!.cell.map((c) => [c['@_name'], c['#text']])).toEqual(COLUMNS.map((c) => [c.name, c.text]));
    expect(second!.cell.map((c) => c['#text'] ?? null)).toEqual(COLUMNS.map(() => null));
  });
});

describe('protected copies for release', () => {
  const plan = (keys: string[] = []) => ({
    suppressed: new Set<string>(),
    byColumn: new Map<string, number[]>(),
    rounding: new Map(),
    keys,
    otherRounding: { base: null, figures: 3 },
  });

  it.each([
    ['a list of numbers', 'select [1, 2, 3]::bigint[] as x'],
    ['a list of decimals', 'select [1.25, 2.5]::decimal(10,2)[] as l'],
    ['a struct holding a number', "select {'a': 1234567} as s"],
    ['a list of text', "select ['x', 'y'] as names"],
  ])('refuses %s, which cannot be rounded, naming the column', async (_name, sql) => {
    const source = join(dir, 'nested.parquet');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`copy (${sql}) to '${source}' (format parquet)`);
    connection.closeSync();
    await expect(writeProtected(source, join(dir, 'nested-out.parquet'), plan())).rejects.toMatchObject({
      code: 'output_not_roundable',
      status: 409,
    });
  });
});
