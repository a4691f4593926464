/** schema.org Dataset JSON-LD of a catalog entry (for search engines and generic harvesters). */
import type { DatasetRecord } from '../types.ts';
import { datasetIri } from './dcat.ts';

const PARQUET = 'application/vnd.apache.parquet';

/** The catalog entry as a schema.org `Dataset`, with the current release's files as `DataDownload`s. */
export function toSchemaOrgJsonLd(record: DatasetRecord, baseUrl: string): Record<string, unknown> {
  const { study, currentVersion } = record;
  const iri = datasetIri(baseUrl, record.id);
  const custodian = { '@type': 'Organization', name: study.custodian };
  const temporal = `${study.temporalCoverage.start}/${study.temporalCoverage.end ?? '..'}`;
  return {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': iri,
    url: iri,
    identifier: record.id,
    name: record.title,
    alternateName: study.title,
    description: `${record.description ? `${record.description} ` : ''}${study.abstract}`,
    keywords: study.keywords ?? [],
    creator: custodian,
    publisher: { '@type': 'Organization', name: 'Secure Data Facility' },
    citation: study.citation,
    isAccessibleForFree: false,
    conditionsOfAccess: study.accessConditions,
    usageInfo: study.legalBasis.map((b) => [b.instrument, b.provision].filter(Boolean).join(' ')).join('; '),
    temporalCoverage: temporal,
    spatialCoverage: {
      '@type': 'Place',
      name: study.spatialCoverage.description,
      address: { '@type': 'PostalAddress', addressCountry: study.spatialCoverage.country },
    },
    ...(currentVersion ? { version: currentVersion.version, dateModified: currentVersion.releasedAt } : {}),
    variableMeasured: record.variables.map((v) => ({
      '@type': 'PropertyValue',
      name: v.name,
      description: v.label,
      ...(v.valueLabels
        ? {
            valueReference: Object.entries(v.valueLabels).map(([value, name]) => ({
              '@type': 'DefinedTerm',
              termCode: value,
              name,
            })),
          }
        : {}),
    })),
    distribution: (currentVersion?.files ?? []).map((file) => ({
      '@type': 'DataDownload',
      name: file.name,
      contentUrl: iri,
      encodingFormat: PARQUET,
      contentSize: `${file.bytes} B`,
      sha256: file.sha256,
      uploadDate: currentVersion?.releasedAt,
    })),
  };
}
