/**
 * The Arrow IPC download, built straight from DuckDB's typed columns (never through JSON): each DuckDB type keeps
 * its Arrow counterpart — 64-bit integers stay Int64/Uint64, DECIMAL(p,s) becomes Decimal128(p,s) with the exact
 * scaled integer, HUGEINT Decimal128(38,0), DATE a day count, TIMESTAMP and TIMESTAMP WITH TIME ZONE microsecond
 * timestamps (the latter in UTC). Types without a plain Arrow counterpart here (lists, structs, intervals, UUIDs,
 * UHUGEINT, second/milli/nanosecond timestamps…) go out as DuckDB's own text of the value. Every field is
 * nullable: DuckDB does not carry NOT NULL into a query's result.
 */
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import {
  Bool,
  DataType,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeUnit,
  Timestamp,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  makeData,
  tableToIPC,
} from 'apache-arrow';

/** DuckDB's type id numbers (`DuckDBTypeId`), for the types that have a typed Arrow counterpart. */
const TYPE_ID = {
  BOOLEAN: 1,
  TINYINT: 2,
  SMALLINT: 3,
  INTEGER: 4,
  BIGINT: 5,
  UTINYINT: 6,
  USMALLINT: 7,
  UINTEGER: 8,
  UBIGINT: 9,
  FLOAT: 10,
  DOUBLE: 11,
  TIMESTAMP: 12,
  DATE: 13,
  HUGEINT: 16,
  VARCHAR: 17,
  DECIMAL: 19,
  TIMESTAMP_TZ: 31,
} as const;

type Column = readonly (DuckDBValue | null)[];

/** The Arrow type a DuckDB column is written as. */
export function arrowTypeOf(type: DuckDBType): DataType {
  const decimal = type as DuckDBType & { width?: number; scale?: number };
  switch (type.typeId as number) {
    case TYPE_ID.BOOLEAN:
      return new Bool();
    case TYPE_ID.TINYINT:
      return new Int8();
    case TYPE_ID.SMALLINT:
      return new Int16();
    case TYPE_ID.INTEGER:
      return new Int32();
    case TYPE_ID.BIGINT:
      return new Int64();
    case TYPE_ID.UTINYINT:
      return new Uint8();
    case TYPE_ID.USMALLINT:
      return new Uint16();
    case TYPE_ID.UINTEGER:
      return new Uint32();
    case TYPE_ID.UBIGINT:
      return new Uint64();
    case TYPE_ID.FLOAT:
      return new Float32();
    case TYPE_ID.DOUBLE:
      return new Float64();
    case TYPE_ID.DATE:
      return new DateDay();
    case TYPE_ID.TIMESTAMP:
      return new Timestamp(TimeUnit.MICROSECOND);
    case TYPE_ID.TIMESTAMP_TZ:
      return new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    case TYPE_ID.DECIMAL:
      return new Decimal(decimal.scale!, decimal.width!, 128);
    case TYPE_ID.HUGEINT:
      return new Decimal(0, 38, 128);
    default:
      return new Utf8();
  }
}

function validity(values: Column): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((value, i) => {
    if (value !== null) bitmap[i >> 3]! |= 1 << (i & 7);
  });
  return bitmap;
}

/** A two's-complement 128-bit little-endian integer as four 32-bit words. */
function int128Words(value: bigint): number[] {
  let unsigned = BigInt.asUintN(128, value);
  const words: number[] = [];
  for (let w = 0; w < 4; w++) {
    words.push(Number(unsigned & 0xffffffffn));
    unsigned >>= 32n;
  }
  return words;
}

function utf8Buffers(texts: readonly (string | null)[]): { valueOffsets: Int32Array; data: Uint8Array } {
  const encoder = new TextEncoder();
  const parts = texts.map((text) => encoder.encode(text ?? ''));
  const valueOffsets = new Int32Array(texts.length + 1);
  parts.forEach((part, i) => (valueOffsets[i + 1] = valueOffsets[i]! + part.length));
  const data = new Uint8Array(valueOffsets[texts.length]!);
  parts.forEach((part, i) => data.set(part, valueOffsets[i]!));
  return { valueOffsets, data };
}

/** The value buffer of a fixed-width column (null slots hold zero). */
function fixedBuffer(type: DataType, values: Column): ArrayBufferView {
  const n = values.length;
  const at = <T>(read: (value: DuckDBValue) => T, zero: T) => values.map((v) => (v === null ? zero : read(v)));
  if (type instanceof Bool) {
    const bits = new Uint8Array(Math.ceil(n / 8));
    values.forEach((v, i) => {
      if (v === true) bits[i >> 3]! |= 1 << (i & 7);
    });
    return bits;
  }
  if (type instanceof Decimal) {
    return Uint32Array.from(
      at((v) => int128Words(typeof v === 'bigint' ? v : (v as { value: bigint }).value), [0, 0, 0, 0]).flat(),
    );
  }
  if (type instanceof DateDay) return Int32Array.from(at((v) => (v as { days: number }).days, 0));
  if (type instanceof Timestamp) return BigInt64Array.from(at((v) => (v as { micros: bigint }).micros, 0n));
  if (type instanceof Int64) return BigInt64Array.from(at((v) => v as bigint, 0n));
  if (type instanceof Uint64) return BigUint64Array.from(at((v) => v as bigint, 0n));
  const numbers = at((v) => Number(v), 0);
  if (type instanceof Int8) return Int8Array.from(numbers);
  if (type instanceof Int16) return Int16Array.from(numbers);
  if (type instanceof Int32) return Int32Array.from(numbers);
  if (type instanceof Uint8) return Uint8Array.from(numbers);
  if (type instanceof Uint16) return Uint16Array.from(numbers);
  if (type instanceof Uint32) return Uint32Array.from(numbers);
  if (type instanceof Float32) return Float32Array.from(numbers);
  return Float64Array.from(numbers);
}

function columnData(type: DataType, values: Column) {
  const base = {
    type,
    length: values.length,
    nullCount: values.filter((v) => v === null).length,
    nullBitmap: validity(values),
  };
  if (type instanceof Utf8)
    return makeData({ ...base, type, ...utf8Buffers(values.map((v) => (v === null ? null : String(v)))) });
  return makeData({ ...base, data: fixedBuffer(type, values) } as Parameters<typeof makeData>[0]);
}

/** An Arrow IPC file of DuckDB's typed result columns. */
export function arrowFile(
  names: readonly string[],
  types: readonly DuckDBType[],
  columns: readonly Column[],
): Uint8Array {
  const fields = names.map((name, i) => new Field(name, arrowTypeOf(types[i]!), true));
  const length = columns[0]?.length ?? 0;
  const children = fields.map((field, i) => columnData(field.type, columns[i]!));
  const batch = new RecordBatch(
    new Schema(fields),
    makeData({ type: new Struct(fields), length, nullCount: 0, children }),
  );
  return tableToIPC(new Table([batch]), 'file');
}
