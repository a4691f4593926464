/** Loads the reference data (geography, value domains, names) into DuckDB tables the generators join to. */
import { DISTRICTS, LOCAL_MUNICIPALITIES, PROVINCES, WARDS } from '../reference/geography.ts';
import {
  AGE_PYRAMID,
  ICD10_CODES,
  OFO_MAJOR_GROUPS,
  SIC_SECTIONS,
  UNIVERSITIES,
  UNIVERSITY_PROGRAMMES,
  TVET_PROGRAMMES,
} from '../reference/domains.ts';
import { PROVINCE_POPULATION_GROUPS } from '../reference/population-groups.ts';
import { makeVocabulary, type Vocabulary } from '../reference/vocabulary.ts';
import { slotTable, sqlString, valuesTable } from './sql.ts';

function listLiteral(values: readonly string[]): string {
  return `[${values.map(sqlString).join(', ')}]`;
}

function geographyTables(): string[] {
  const provincePopulation = new Map<string, number>();
  for (const lm of LOCAL_MUNICIPALITIES) {
    const province = DISTRICTS.find((d) => d.code === lm.districtCode)!.provinceCode;
    provincePopulation.set(province, (provincePopulation.get(province) ?? 0) + lm.population);
  }
  const rows = LOCAL_MUNICIPALITIES.map((lm) => {
    const district = DISTRICTS.find((d) => d.code === lm.districtCode)!;
    const stem = WARDS.find((w) => w.localMunicipalityCode === lm.code)!.code.slice(0, 5);
    return [lm.code, lm.name, district.code, district.name, district.provinceCode, stem, lm.wards];
  });
  const weights = LOCAL_MUNICIPALITIES.map((lm) => {
    const province = DISTRICTS.find((d) => d.code === lm.districtCode)!.provinceCode;
    const share = PROVINCES.find((p) => p.code === province)!.share;
    return { value: lm.code, weight: (share * lm.population) / provincePopulation.get(province)! };
  });
  return [
    valuesTable(
      'geo_lm',
      ['lm_code', 'lm_name', 'district_code', 'district_name', 'province_code', 'ward_stem', 'wards'],
      rows,
    ),
    ...slotTable('lm_slots', weights),
  ];
}

function peopleTables(vocabulary: Vocabulary): string[] {
  const ages = AGE_PYRAMID.flatMap((band) =>
    Array.from({ length: band.to - band.from + 1 }, (_, i) => ({
      value: String(band.from + i),
      weight: band.share / (band.to - band.from + 1),
    })),
  );
  const groups = Object.entries(PROVINCE_POPULATION_GROUPS).flatMap(([province, shares]) =>
    Object.entries(shares).map(([group, weight]) => ({ group: province, value: group, weight })),
  );
  const nameRows = Object.entries(vocabulary.names).map(
    ([group, lists]) => [group, lists.female, lists.male, lists.surnames] as const,
  );
  return [
    ...slotTable('age_slots', ages),
    ...slotTable('popgroup_slots', groups),
    // Names as (group, sex, index) rows: joining on a drawn index is far cheaper than indexing a list column.
    valuesTable(
      'given_names',
      ['grp', 'sex', 'idx', 'name'],
      nameRows.flatMap(([g, f, m]) => [
        ...f.map((name, idx) => [g, 'F', idx, name]),
        ...m.map((name, idx) => [g, 'M', idx, name]),
      ]),
    ),
    valuesTable(
      'surnames',
      ['grp', 'idx', 'name'],
      nameRows.flatMap(([g, , , s]) => s.map((name, idx) => [g, idx, name])),
    ),
    valuesTable(
      'name_counts',
      ['grp', 'sex', 'n', 'n_surnames'],
      nameRows.flatMap(([g, f, m, s]) => [
        [g, 'F', f.length, s.length],
        [g, 'M', m.length, s.length],
      ]),
    ),
    `create or replace table name_lists as select grp, list(name order by idx) as surnames from surnames group by grp`,
    `create or replace macro street_names() as ${listLiteral(vocabulary.streets)}`,
    `create or replace macro employer_names() as ${listLiteral(vocabulary.employers)}`,
    `create or replace macro mobile_prefixes() as ${listLiteral(vocabulary.mobileFormats.map((f) => f.prefix))}`,
    `create or replace macro mobile_digits() as [${vocabulary.mobileFormats.map((f) => f.digits).join(', ')}]`,
  ];
}

function domainTables(): string[] {
  const sic = Object.entries(SIC_SECTIONS).map(([code, s]) => ({ value: code, weight: s.share }));
  const ofo = Object.entries(OFO_MAJOR_GROUPS).flatMap(([, g]) =>
    g.unitGroups.map((unit) => ({ value: unit, weight: g.share / g.unitGroups.length })),
  );
  const ofoFactors = Object.entries(OFO_MAJOR_GROUPS).map(([code, g]) => [code, g.incomeFactor]);
  const icd = Object.entries(ICD10_CODES).map(([programme, codes]) => [programme, Object.keys(codes)]);
  return [
    ...slotTable('sic_slots', sic),
    ...slotTable('ofo_slots', ofo),
    valuesTable('ofo_factors', ['major', 'factor'], ofoFactors),
    `create or replace table icd_lists as select * from (values ${icd
      .map(([p, codes]) => `(${sqlString(p as string)}, ${listLiteral(codes as string[])})`)
      .join(', ')}) t(programme, codes)`,
    valuesTable(
      'universities',
      ['uni_no', 'uni_name', 'province_code', 'district_code'],
      UNIVERSITIES.map(([name, province, district], i) => [i + 1, name, province, district]),
    ),
    `create or replace macro university_programmes() as ${listLiteral(UNIVERSITY_PROGRAMMES)}`,
    `create or replace macro tvet_programmes() as ${listLiteral(TVET_PROGRAMMES)}`,
  ];
}

/** Every statement that builds the reference tables. */
export function referenceTableStatements(seed: number): string[] {
  return [...geographyTables(), ...peopleTables(makeVocabulary(seed)), ...domainTables()];
}
