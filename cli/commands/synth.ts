import type { Command } from 'commander';

/** The options of `sdf synth` as commander gives them. */
export interface SynthOptions {
  persons?: string;
  seed: string;
  asOf?: string;
  json?: boolean;
}

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description(
      'generate the synthetic source registries (population, grants, employment, health, education), replacing earlier ones',
    )
    .option('--persons <n>', 'number of people in the population register (default $SDF_PERSONS or 100000)')
    .option('--seed <s>', 'random seed; output is deterministic for (persons, seed, as-of)', '1')
    .option('--as-of <date>', 'last day of generated history (default: yesterday, UTC)')
    .option('--json', 'print the summary as JSON')
    .action(async (options: SynthOptions) => (await import('../actions/synth.ts')).synth(options));
}
