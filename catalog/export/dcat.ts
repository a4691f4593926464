/**
 * DCAT-AP 3 JSON-LD of catalog entries: a dcat:Catalog holding each dcat:Dataset, with one dcat:Distribution per
 * file of every release (anonymised and synthetic). Access is restricted: files are reached only through the
 * enclave, so each distribution's access URL is the enclave's query API, never a download URL.
 */
import type { DatasetRecord, VersionRecord } from '../types.ts';

/** Prefixes used by the export; every term in the output is written prefixed. */
export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  adms: 'http://www.w3.org/ns/adms#',
  eli: 'http://data.europa.eu/eli/ontology#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  locn: 'http://www.w3.org/ns/locn#',
  prov: 'http://www.w3.org/ns/prov#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

const EU = 'http://publications.europa.eu/resource/authority';
export const ACCESS_RESTRICTED = `${EU}/access-right/RESTRICTED`;
const PARQUET_FORMAT = `${EU}/file-type/PARQUET`;
const PARQUET_MEDIA_TYPE = 'https://www.iana.org/assignments/media-types/application/vnd.apache.parquet';
const FACILITY = 'Secure Data Facility';

type JsonLd = Record<string, unknown>;

const en = (value: string): JsonLd => ({ '@value': value, '@language': 'en' });
const typed = (value: string | number, type: string): JsonLd => ({ '@value': String(value), '@type': type });
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The IRI of a dataset: its catalog route. */
export function datasetIri(baseUrl: string, id: string): string {
  return `${trimSlash(baseUrl)}/api/v1/datasets/${encodeURIComponent(id)}`;
}

/** Where the files are reached: the enclave's query API (they are never downloadable). */
export function enclaveQueries(baseUrl: string): string {
  return `${trimSlash(baseUrl)}/api/v1/queries`;
}

function distributions(record: DatasetRecord, version: VersionRecord, baseUrl: string): JsonLd[] {
  const rights = { '@type': 'dct:RightsStatement', 'rdfs:label': en(record.study.accessConditions) };
  const dataset = datasetIri(baseUrl, record.id);
  const what = version.kind === 'anon' ? `anonymised release${version.k ? ` (k=${version.k})` : ''}` : 'synthetic twin';
  return version.files.map((file) => ({
    '@id': `${dataset}/versions/${version.id}/files/${encodeURIComponent(file.name)}`,
    '@type': 'dcat:Distribution',
    'dct:title': en(`${record.title}: ${version.version} ${file.name}`),
    'dct:description': en(
      `${what} ${version.version}${version.current ? ', current' : ''}; ${file.rows} rows; reachable only inside the enclave`,
    ),
    'dcat:accessURL': { '@id': enclaveQueries(baseUrl) },
    'dct:format': { '@id': PARQUET_FORMAT },
    'dcat:mediaType': { '@id': PARQUET_MEDIA_TYPE },
    'dcat:byteSize': typed(file.bytes, 'xsd:nonNegativeInteger'),
    'spdx:checksum': {
      '@type': 'spdx:Checksum',
      'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' },
      'spdx:checksumValue': typed(file.sha256, 'xsd:hexBinary'),
    },
    'dct:issued': typed(version.releasedAt, 'xsd:dateTime'),
    'dct:accessRights': { '@id': ACCESS_RESTRICTED },
    'dct:rights': rights,
    'adms:status': { '@id': `${EU}/dataset-status/${version.current ? 'COMPLETED' : 'DEPRECATED'}` },
  }));
}

/** One dcat:Dataset node. */
export function toDcatDataset(record: DatasetRecord, baseUrl: string): JsonLd {
  const { study } = record;
  const current = record.currentVersion;
  const temporal: JsonLd = {
    '@type': 'dct:PeriodOfTime',
    'dcat:startDate': typed(study.temporalCoverage.start, 'xsd:date'),
  };
  if (study.temporalCoverage.end) temporal['dcat:endDate'] = typed(study.temporalCoverage.end, 'xsd:date');
  return {
    '@id': datasetIri(baseUrl, record.id),
    '@type': 'dcat:Dataset',
    'dct:identifier': record.id,
    'dct:title': en(record.title),
    'dct:description': en(`${record.description ? `${record.description}\n\n` : ''}${study.abstract}`),
    'dcat:keyword': (study.keywords ?? []).map(en),
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': en(study.custodian) },
    'dct:creator': { '@type': 'foaf:Agent', 'foaf:name': en(study.custodian) },
    ...(study.contact
      ? {
          'dcat:contactPoint': {
            '@type': 'vcard:Kind',
            'vcard:fn': study.contact.name,
            'vcard:hasEmail': { '@id': `mailto:${study.contact.email}` },
          },
        }
      : {}),
    'dct:accessRights': { '@id': ACCESS_RESTRICTED },
    'dcatap:applicableLegislation': study.legalBasis.map((b) => ({
      '@type': 'eli:LegalResource',
      'dct:title': en([b.instrument, b.provision].filter(Boolean).join(' ')),
      ...(b.note ? { 'dct:description': en(b.note) } : {}),
    })),
    'dct:temporal': temporal,
    'dct:spatial': {
      '@id': `${EU}/country/${study.spatialCoverage.country}`,
      '@type': 'dct:Location',
      'skos:prefLabel': en(study.spatialCoverage.description),
    },
    'dct:provenance': {
      '@type': 'dct:ProvenanceStatement',
      'rdfs:label': en(
        `Extracted from ${study.sourceSystem} (${study.custodian}); pseudonymised, generalised and ` +
          `k-anonymised by the ${FACILITY} pipelines.`,
      ),
    },
    'dct:bibliographicCitation': study.citation,
    ...(current
      ? {
          'dcat:version': current.version,
          'dct:modified': typed(current.releasedAt, 'xsd:dateTime'),
          'prov:wasGeneratedBy': { '@type': 'prov:Activity', 'dct:identifier': current.provenance.runId },
        }
      : {}),
    'foaf:page': {
      '@id': `${datasetIri(baseUrl, record.id)}/ddi`,
      '@type': 'foaf:Document',
      'dct:title': en('DDI-Codebook 2.5 codebook'),
    },
    'dcat:distribution': record.versions.flatMap((v) => distributions(record, v, baseUrl)),
  };
}

/** A dcat:Catalog node with the given datasets (in the order given), wrapped with the JSON-LD context. */
export function toDcatCatalogJsonLd(records: readonly DatasetRecord[], baseUrl: string): JsonLd {
  return {
    '@context': DCAT_CONTEXT,
    '@id': `${trimSlash(baseUrl)}/api/v1/datasets`,
    '@type': 'dcat:Catalog',
    'dct:title': en(`${FACILITY} catalogue`),
    'dct:description': en(
      'Anonymised South African administrative registries, for approved research inside the enclave.',
    ),
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': en(FACILITY) },
    'dcat:dataset': records.map((r) => toDcatDataset(r, baseUrl)),
  };
}

/** DCAT-AP 3 JSON-LD of one catalog entry: a dcat:Catalog holding that dcat:Dataset and its distributions. */
export function toDcatJsonLd(record: DatasetRecord, baseUrl: string): JsonLd {
  return toDcatCatalogJsonLd([record], baseUrl);
}
