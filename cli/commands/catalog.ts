import type { Command } from 'commander';
import {
  listDatasets,
  getDatasetRecord,
  formatDatasetList,
  formatDatasetRecord,
  toDcatJsonLd,
  toDdiCodebookXml,
  toSchemaOrgJsonLd,
  type DatasetRecord,
} from '../../catalog/index.ts';
import { UsageError, httpPort } from '../../platform/index.ts';
import { withFacility } from '../facility.ts';

const FORMATS = ['text', 'json', 'dcat', 'ddi', 'schema-org'] as const;
type Format = (typeof FORMATS)[number];

function render(record: DatasetRecord, format: Format, baseUrl: string): string {
  switch (format) {
    case 'text':
      return `${formatDatasetRecord(record)}\n`;
    case 'json':
      return `${JSON.stringify(record, null, 2)}\n`;
    case 'dcat':
      return `${JSON.stringify(toDcatJsonLd(record, baseUrl), null, 2)}\n`;
    case 'schema-org':
      return `${JSON.stringify(toSchemaOrgJsonLd(record, baseUrl), null, 2)}\n`;
    case 'ddi':
      return toDdiCodebookXml(record);
  }
}

/** `sdf catalog list` and `sdf catalog show <dataset> [--format …]`. */
export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('the catalog of published datasets');
  catalog
    .command('list')
    .description('datasets with their current version, rows, k and release date')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      await withFacility(async (facility) => {
        const datasets = await listDatasets(facility.pool);
        process.stdout.write(options.json ? `${JSON.stringify(datasets, null, 2)}\n` : `${formatDatasetList(datasets)}\n`);
      });
    });
  catalog
    .command('show <dataset>')
    .description('a dataset’s record, variables and versions')
    .option('--format <format>', `one of ${FORMATS.join(', ')}`, 'text')
    .option('--base-url <url>', 'the facility’s public address, for the IRIs in dcat and schema-org')
    .action(async (id: string, options: { format: string; baseUrl?: string }) => {
      if (!FORMATS.includes(options.format as Format)) {
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${options.format}'`);
      }
      const baseUrl = options.baseUrl ?? `http://localhost:${httpPort()}`;
      await withFacility(async (facility) => {
        const record = await getDatasetRecord(facility.pool, id);
        process.stdout.write(render(record, options.format as Format, baseUrl));
      });
    });
}
