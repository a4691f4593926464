/**
 * `sdf anonymise`: optimal k-anonymity of any CSV or Parquet file with ARX-format hierarchies
 * (`*_hierarchy_<column>.csv` in --hierarchies; every column with a hierarchy is a quasi-identifier).
 * Prints the JSON risk-and-utility report (with `levels` in input column order and `score`).
 */
import type { Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerAnonymise(program: Command): void {
  program
    .command('anonymise')
    .description('k-anonymise a CSV or Parquet file with ARX hierarchies; prints the JSON risk-and-utility report')
    .requiredOption('--input <file>', 'CSV (delimiter detected) or Parquet file')
    .requiredOption('--hierarchies <dir>', 'folder of ARX hierarchy CSVs named *_hierarchy_<column>.csv')
    .requiredOption('--k <k>', 'smallest allowed equivalence class')
    .option('--suppression <share>', 'largest share of records that may be suppressed, e.g. 0.04', '0')
    .option('--metric <metric>', 'nue | loss | discernibility | aecs | precision', 'nue')
    .option(
      '--monotonic <bool>',
      "ARX's monotonic variant of nue or discernibility: true | false (default: true for nue, false for discernibility)",
    )
    .option(
      '--practical-monotonicity',
      'search as ARX with practical monotonicity: Flash prunes as if every model were monotone (may miss the optimum)',
    )
    .option(
      '--l-diversity <col:l[:variant]>',
      'l-diversity on a sensitive column; variant distinct | entropy | grassberger | recursive:C (repeatable)',
      collect,
    )
    .option(
      '--t-closeness <col:t[:distance]>',
      't-closeness on a sensitive column; distance equal | ordered (repeatable)',
      collect,
    )
    .option('--suppression-mode <mode>', 'remove suppressed records, or mask their quasi-identifiers with *', 'remove')
    .option('--output <file.parquet>', 'write the anonymised table as zstd Parquet')
    .action(async (raw: Record<string, unknown>) => (await import('../actions/anonymise.ts')).anonymise(raw));
}
