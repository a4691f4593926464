/** Daily partitions: UTC calendar days as `YYYY-MM-DD`. */
import { badInput } from '../../platform/index.ts';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses and validates a partition date; `field` names the option in the error. */
export function parsePartition(value: string, field = 'date'): string {
  const time = Date.parse(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw badInput(field, `"${value}" is not a date like 2026-11-22`);
  }
  return value;
}

/** Yesterday in UTC: the partition a nightly run processes by default. */
export function yesterdayUtc(now: Date = new Date()): string {
  return addDays(now.toISOString().slice(0, 10), -1);
}

export function addDays(partition: string, days: number): string {
  return new Date(Date.parse(`${partition}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every partition from `from` to `to`, inclusive; empty when `to` is before `from`. */
export function partitionRange(from: string, to: string): string[] {
  const result: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) result.push(day);
  return result;
}
