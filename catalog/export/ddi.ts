/**
 * DDI-Codebook 2.5 XML of a catalog entry: the study (stdyDscr), one fileDscr per file of the current release,
 * and the variables (dataDscr/var) with their value labels, protected frequencies and summary statistics.
 * Element order follows the 2.5 schema's sequences.
 */
import type { DatasetRecord, VariableRecord, VariableSummary, VersionRecord } from '../types.ts';
import { el, renderXml, text, type XmlElement } from './xml.ts';

export const DDI_NAMESPACE = 'ddi:codebook:2_5';
const SCHEMA_LOCATION = `${DDI_NAMESPACE} https://ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd`;
const FACILITY = 'Secure Data Facility';

const day = (iso: string) => iso.slice(0, 10);

function legalBasisText(record: DatasetRecord): string {
  return record.study.legalBasis.map((b) => [b.instrument, b.provision, b.note].filter(Boolean).join(', ')).join('; ');
}

function citation(record: DatasetRecord): XmlElement {
  const { study, currentVersion } = record;
  return el(
    'citation',
    {},
    el(
      'titlStmt',
      {},
      text('titl', study.title),
      text('altTitl', record.title),
      text('IDNo', record.id, { agency: 'SDF' }),
    ),
    el('rspStmt', {}, text('AuthEnty', study.custodian)),
    el('prodStmt', {}, text('producer', study.custodian)),
    el(
      'distStmt',
      {},
      text('distrbtr', FACILITY),
      study.contact && text('contact', study.contact.name, { email: study.contact.email }),
    ),
    currentVersion &&
      el('verStmt', {}, text('version', currentVersion.version, { date: day(currentVersion.releasedAt) })),
    text('biblCit', study.citation),
  );
}

function stdyDscr(record: DatasetRecord): XmlElement {
  const { study, currentVersion } = record;
  const k = currentVersion?.k;
  return el(
    'stdyDscr',
    {},
    citation(record),
    el(
      'studyAuthorization',
      {},
      text('authorizingAgency', study.custodian),
      text('authorizationStatement', legalBasisText(record)),
    ),
    el(
      'stdyInfo',
      {},
      study.keywords?.length ? el('subject', {}, ...study.keywords.map((k) => text('keyword', k))) : null,
      text('abstract', study.abstract),
      el(
        'sumDscr',
        {},
        text('timePrd', study.temporalCoverage.start, { event: 'start', date: study.temporalCoverage.start }),
        study.temporalCoverage.end
          ? text('timePrd', study.temporalCoverage.end, { event: 'end', date: study.temporalCoverage.end })
          : null,
        text('nation', study.spatialCoverage.description, { abbr: study.spatialCoverage.country }),
        text('geogCover', study.spatialCoverage.description),
        study.spatialCoverage.levels?.length ? text('geogUnit', study.spatialCoverage.levels.join(', ')) : null,
        text('anlyUnit', study.unitOfAnalysis),
        text('universe', study.universe),
        text('dataKind', 'administrative records, anonymised'),
      ),
    ),
    el('method', {}, el('dataColl', {}, el('sources', {}, text('dataSrc', study.sourceSystem)))),
    el(
      'dataAccs',
      {},
      el(
        'useStmt',
        {},
        k
          ? text('confDec', `Released ${k}-anonymous on the declared quasi-identifiers; direct identifiers removed.`)
          : null,
        text('restrctn', study.accessConditions),
        text('citReq', study.citation),
        text('conditions', `Legal basis: ${legalBasisText(record)}`),
      ),
    ),
  );
}

function fileDscr(version: VersionRecord, variableCount: number): XmlElement[] {
  const p = version.provenance;
  return version.files.map((file, i) =>
    el(
      'fileDscr',
      { ID: `F${i + 1}` },
      el(
        'fileTxt',
        {},
        text('fileName', file.name),
        el('dimensns', {}, text('caseQnty', file.rows), text('varQnty', variableCount)),
        text('fileType', 'Apache Parquet (zstd)'),
      ),
      // DDI 2.5 has no fingerprint element (2.6 adds dataFingerprint), so the hash is a typed note.
      text('notes', file.sha256, { type: 'SHA-256' }),
      text(
        'notes',
        `Release ${version.version} (${version.kind}), ${version.path}, released ${version.releasedAt}; ` +
          `run ${p.runId}, code version ${p.codeVersion}; checks: ` +
          (p.checks ?? []).map((c) => `${c.name} ${c.verdict}`).join(', '),
        { type: 'SDF:provenance' },
      ),
    ),
  );
}

const STATS: Array<[keyof VariableSummary, string]> = [
  ['count', 'vald'],
  ['missing', 'invd'],
  ['min', 'min'],
  ['max', 'max'],
  ['mean', 'mean'],
  ['sd', 'stdev'],
];

function sumStats(summary: VariableSummary | undefined): Array<XmlElement | null> {
  if (!summary) return [];
  const stats = STATS.map(([key, type]) => text('sumStat', summary[key] as number | null | undefined, { type }));
  return [...stats, text('sumStat', summary.percentiles?.p50, { type: 'medn' })];
}

function categories(variable: VariableRecord): XmlElement[] {
  const counts = new Map((variable.summary?.categories ?? []).map((c) => [c.value, c.count]));
  const codes = [
    ...Object.keys(variable.valueLabels ?? {}),
    ...[...counts.keys()].filter((c) => !variable.valueLabels?.[c]),
  ];
  return codes.map((code) =>
    el(
      'catgry',
      {},
      text('catValu', code),
      text('labl', variable.valueLabels?.[code]),
      text('catStat', counts.get(code), { type: 'freq' }),
    ),
  );
}

function variable(v: VariableRecord, index: number, fileIds: string): XmlElement {
  const numeric = v.summary?.kind === 'numeric' || ['integer', 'decimal'].includes(v.type);
  return el(
    'var',
    {
      ID: `V${index + 1}`,
      name: v.name,
      files: fileIds || undefined,
      intrvl: numeric && !v.valueLabels ? 'contin' : 'discrete',
    },
    text('labl', v.label),
    text('security', v.disclosureClass),
    ...sumStats(v.summary),
    text('txt', `Role: ${v.role.replace('_', '-')}.`),
    ...categories(v),
    v.anonymisation ? el('derivation', {}, text('drvdesc', v.anonymisation)) : null,
    text('varFormat', v.type, {
      type: numeric ? 'numeric' : 'character',
      schema: 'other',
      category: v.type === 'date' || v.type === 'timestamp' ? 'date' : undefined,
    }),
    v.summary?.suppressed.length
      ? text('notes', `Withheld (fewer than ${v.summary.threshold} persons): ${v.summary.suppressed.join(', ')}`)
      : null,
  );
}

/** The catalog entry as a DDI-Codebook 2.5 document (UTF-8, with XML declaration). */
export function toDdiCodebookXml(record: DatasetRecord): string {
  const files = record.currentVersion ? fileDscr(record.currentVersion, record.variables.length) : [];
  const fileIds = files.map((f) => String(f.attrs.ID)).join(' ');
  const root = el(
    'codeBook',
    {
      xmlns: DDI_NAMESPACE,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': SCHEMA_LOCATION,
      version: '2.5',
      ID: `SDF-${record.id}`,
      'xml:lang': 'en',
    },
    el(
      'docDscr',
      {},
      el(
        'citation',
        {},
        el('titlStmt', {}, text('titl', `Codebook: ${record.study.title}`)),
        el(
          'prodStmt',
          {},
          text('producer', FACILITY),
          text('prodDate', day(record.updatedAt), { date: day(record.updatedAt) }),
        ),
      ),
    ),
    stdyDscr(record),
    ...files,
    el('dataDscr', {}, ...record.variables.map((v, i) => variable(v, i, fileIds))),
  );
  return renderXml(root);
}
