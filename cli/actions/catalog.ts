/** The work of `sdf catalog list|show` (see `commands/catalog.ts`). */
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
import { CATALOG_FORMATS, type CatalogFormat } from '../commands/catalog.ts';

function render(record: DatasetRecord, format: CatalogFormat, baseUrl: string): string {
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

export async function list(options: { json?: boolean }): Promise<void> {
  await withFacility(async (facility) => {
    const datasets = await listDatasets(facility.pool);
    process.stdout.write(options.json ? `${JSON.stringify(datasets, null, 2)}\n` : `${formatDatasetList(datasets)}\n`);
  });
}

export async function show(id: string, options: { format: string; baseUrl?: string }): Promise<void> {
  if (!CATALOG_FORMATS.includes(options.format as CatalogFormat)) {
    throw new UsageError(`--format must be one of ${CATALOG_FORMATS.join(', ')}, not '${options.format}'`);
  }
  const baseUrl = options.baseUrl ?? `http://localhost:${httpPort()}`;
  await withFacility(async (facility) => {
    const record = await getDatasetRecord(facility.pool, id);
    process.stdout.write(render(record, options.format as CatalogFormat, baseUrl));
  });
}
