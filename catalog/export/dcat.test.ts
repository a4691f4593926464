import { describe, it, expect } from 'vitest';
import { toDcatJsonLd, toDcatCatalogJsonLd, DCAT_CONTEXT, ACCESS_RESTRICTED } from './dcat.ts';
import { toSchemaOrgJsonLd } from './schema-org.ts';
import { makeTestRecord } from './test-record.ts';

// Tests walk JSON-LD freely; the shape itself is what is under test.
type Node = Record<string, any>;

/** Every prefixed key and @type in the document uses a prefix the @context declares. */
function undeclaredPrefixes(node: unknown, context: Record<string, string>, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => undeclaredPrefixes(n, context, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const terms = [key, ...(key === '@type' ? [String(value)] : [])];
      for (const term of terms) {
        const prefix = term.match(/^([a-z]+):/)?.[1];
        if (prefix && !(prefix in context)) found.add(prefix);
      }
      if (key !== '@context') undeclaredPrefixes(value, context, found);
    }
  }
  return found;
}

describe('DCAT-AP 3 JSON-LD export', () => {
  const doc: Node = toDcatJsonLd(makeTestRecord(), 'https://sdf.example/');

  it('is a dcat:Catalog holding the dcat:Dataset, with the standard namespace IRIs', () => {
    expect(doc['@context']).toMatchObject({
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
    });
    expect(undeclaredPrefixes(doc, DCAT_CONTEXT)).toEqual(new Set());
    expect(doc['@type']).toBe('dcat:Catalog');
    expect(doc['dct:publisher']['@type']).toBe('foaf:Agent');
    const [dataset] = doc['dcat:dataset'];
    expect(dataset['@type']).toBe('dcat:Dataset');
    expect(dataset['@id']).toBe('https://sdf.example/api/v1/datasets/grants');
    expect(dataset['dct:title']).toEqual({ '@value': 'Social grants & beneficiaries', '@language': 'en' });
    expect(dataset['dct:description']['@value']).toContain('Beneficiaries of grants');
    expect(dataset['dcat:version']).toBe('2026-11-22');
  });

  it('states restricted access, the legal basis, temporal and spatial coverage', () => {
    const [dataset] = doc['dcat:dataset'];
    expect(dataset['dct:accessRights']['@id']).toBe(ACCESS_RESTRICTED);
    expect(dataset['dct:temporal']).toEqual({
      '@type': 'dct:PeriodOfTime',
      'dcat:startDate': { '@value': '2020-01-01', '@type': 'xsd:date' },
      'dcat:endDate': { '@value': '2026-11-22', '@type': 'xsd:date' },
    });
    expect(dataset['dct:spatial']['@id']).toBe('http://publications.europa.eu/resource/authority/country/ZAF');
    expect(dataset['dcatap:applicableLegislation'].map((l: Node) => l['dct:title']['@value'])).toEqual([
      'Social Assistance Act 13 of 2004',
      'Protection of Personal Information Act 4 of 2013 s.15',
    ]);
  });

  it('has one distribution per file of every release, with access URL, format, size and checksum', () => {
    const [dataset] = doc['dcat:dataset'];
    const dists: Node[] = dataset['dcat:distribution'];
    expect(dists).toHaveLength(4); // twin: 1 file, current: 2 files, previous: 1 file
    expect(new Set(dists.map((d) => d['@id'])).size).toBe(4);
    for (const d of dists) {
      expect(d['@type']).toBe('dcat:Distribution');
      expect(d['dcat:accessURL']).toEqual({ '@id': 'https://sdf.example/api/v1/queries' });
      expect(d).not.toHaveProperty('dcat:downloadURL');
      expect(d['dct:format']['@id']).toMatch(/file-type\/PARQUET$/);
      expect(d['spdx:checksum']['spdx:checksumValue']['@value']).toMatch(/^[0-9a-f]{64}$/);
      expect(d['dcat:byteSize']['@type']).toBe('xsd:nonNegativeInteger');
      expect(d['dct:rights']['rdfs:label']['@value']).toBe('Approved projects only, inside the enclave.');
    }
    expect(dists.filter((d) => d['adms:status']['@id'].endsWith('DEPRECATED'))).toHaveLength(1);
    expect(dists.some((d) => d['dct:description']['@value'].startsWith('synthetic twin'))).toBe(true);
  });

  it('round-trips through JSON and can hold several datasets in one catalog', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    const two: Node = toDcatCatalogJsonLd(
      [makeTestRecord(), { ...makeTestRecord(), id: 'health' }],
      'https://sdf.example',
    );
    expect(two['dcat:dataset'].map((d: Node) => d['dct:identifier'])).toEqual(['grants', 'health']);
  });
});

describe('schema.org JSON-LD export', () => {
  const doc: Node = toSchemaOrgJsonLd(makeTestRecord(), 'https://sdf.example');

  it('is a schema.org Dataset with coverage, access conditions and variables', () => {
    expect(doc['@context']).toBe('https://schema.org/');
    expect(doc['@type']).toBe('Dataset');
    expect(doc.name).toBe('Social grants & beneficiaries');
    expect(doc.temporalCoverage).toBe('2020-01-01/2026-11-22');
    expect(doc.spatialCoverage).toMatchObject({ '@type': 'Place', address: { addressCountry: 'ZAF' } });
    expect(doc.isAccessibleForFree).toBe(false);
    expect(doc.conditionsOfAccess).toBe('Approved projects only, inside the enclave.');
    expect(doc.variableMeasured.map((v: Node) => v.name)).toEqual(['person_id', 'grant_type', 'amount']);
    expect(doc.variableMeasured[1].valueReference[0]).toEqual({
      '@type': 'DefinedTerm',
      termCode: 'OAG',
      name: 'Old age grant',
    });
  });

  it('offers the current release files as DataDownloads with their hashes', () => {
    expect(doc.version).toBe('2026-11-22');
    expect(doc.distribution).toHaveLength(2);
    expect(doc.distribution[0]).toMatchObject({
      '@type': 'DataDownload',
      encodingFormat: 'application/vnd.apache.parquet',
    });
    expect(doc.distribution[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
