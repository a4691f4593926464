import type { Command } from 'commander';

/** The formats of `sdf catalog show`. */
export const CATALOG_FORMATS = ['text', 'json', 'dcat', 'ddi', 'schema-org'] as const;
export type CatalogFormat = (typeof CATALOG_FORMATS)[number];

/** `sdf catalog list` and `sdf catalog show <dataset> [--format …]`. */
export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('the catalog of published datasets');
  catalog
    .command('list')
    .description('datasets with their current version, rows, k and release date')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => (await import('../actions/catalog.ts')).list(options));
  catalog
    .command('show <dataset>')
    .description('a dataset’s record, variables and versions')
    .option('--format <format>', `one of ${CATALOG_FORMATS.join(', ')}`, 'text')
    .option('--base-url <url>', 'the facility’s public address, for the IRIs in dcat and schema-org')
    .action(async (id: string, options: { format: string; baseUrl?: string }) =>
      (await import('../actions/catalog.ts')).show(id, options),
    );
}
