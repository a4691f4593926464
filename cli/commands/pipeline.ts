import type { Command } from 'commander';

export function registerPipeline(program: Command): void {
  const pipeline = program
    .command('pipeline')
    .description('the nightly asset graph: extract, link, anonymise, check, publish');
  const actions = () => import('../actions/pipeline.ts');

  pipeline
    .command('run')
    .description('run one daily partition to completion in the foreground')
    .option('--date <D>', 'partition date (UTC), default yesterday')
    .option('--k <K>', 'k of k-anonymity (default 5)')
    .option('--force', 'redo assets that already succeeded for this partition')
    .action(async (options: { date?: string; k?: string; force?: boolean }) => (await actions()).run(options));

  pipeline
    .command('backfill')
    .description('run every partition from --from to --to, oldest first')
    .requiredOption('--from <D>', 'first partition')
    .requiredOption('--to <D>', 'last partition')
    .option('--k <K>', 'k of k-anonymity (default 5)')
    .action(async (options: { from: string; to: string; k?: string }) => (await actions()).backfillRange(options));

  pipeline
    .command('status')
    .description('the latest state of every asset × partition')
    .option('--partitions <N>', 'how many recent partitions', '3')
    .option('--json', 'print JSON')
    .action(async (options: { partitions: string; json?: boolean }) => (await actions()).status(options));

  pipeline
    .command('graph')
    .description('print the asset graph (deps and checks)')
    .option('--dot', 'Graphviz DOT')
    .action(async (options: { dot?: boolean }) => (await actions()).graph(options));
}
