/** The work of `sdf synth` (see `commands/synth.ts`). */
import { parseSettingsGroup, UsageError } from '../../platform/index.ts';
import { defaultAsOf, generateRegistries, type SynthSummary } from '../../sources/index.ts';
import { withFacility } from '../facility.ts';
import { makeProgress } from '../progress.ts';
import type { SynthOptions } from '../commands/synth.ts';

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A real calendar day: `Date.parse` alone would accept 2026-02-30 (as 2 March). */
function isoDay(raw: string): string {
  const time = Date.parse(`${raw}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== raw) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${raw}"`);
  }
  return raw;
}

function describe(summary: SynthSummary): string {
  const dirty = Object.entries(summary.dirty)
    .map(
      ([source, kinds]) =>
        `  ${source}: ${
          Object.entries(kinds)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || 'none'
        }`,
    )
    .join('\n');
  const r = summary.rows;
  return [
    `synthetic registries for ${summary.persons} persons (seed ${summary.seed}, as of ${summary.asOf}) in ${summary.seconds} s`,
    `  population.persons ${r.population} rows in ${summary.households} households`,
    `  grants.grants ${r.grants}`,
    `  employment: ${r.employers} employers, ${r.monthlyEarnings} monthly earnings, ${r.uifClaims} UIF claims`,
    `  health: ${r.healthVisits} visits in ${r.healthFiles} daily CSV drops`,
    `  education.enrolments ${r.enrolments}`,
    'dirty rows seeded:',
    dirty,
  ].join('\n');
}

/** Validates the options, regenerates every registry and prints the summary. */
export async function synth(options: SynthOptions): Promise<void> {
  const persons = positiveInteger('persons', options.persons ?? String(parseSettingsGroup('pipeline').persons));
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${options.seed}"`);
  const asOf = options.asOf ? isoDay(options.asOf) : defaultAsOf();
  await withFacility(async (facility) => {
    const summary = await generateRegistries({
      pool: facility.pool,
      paths: facility.paths,
      persons,
      seed,
      asOf,
      progress: makeProgress(),
    });
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${describe(summary)}\n`);
  });
}
