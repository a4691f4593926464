/**
 * Value domains the extract validates against. Temporary copy of the contract in the sources module's notes:
 * switch to the constants exported by `sources/index.ts` once they land (same names, same codes).
 */
export const PROVINCE_CODES = ['EC', 'FS', 'GP', 'KZN', 'LP', 'MP', 'NC', 'NW', 'WC'] as const;
export const METRO_CODES = ['BUF', 'NMA', 'MAN', 'EKU', 'JHB', 'TSH', 'ETH', 'CPT'] as const;
/** District municipality codes DC1…DC48, metros by name; a pattern while the official list is not exported. */
export const DISTRICT_PATTERN = '^(BUF|NMA|MAN|EKU|JHB|TSH|ETH|CPT|DC[1-9][0-9]?)$';
export const GRANT_TYPES = ['OAG', 'CSG', 'DG', 'FCG', 'CDG', 'WVG', 'GIA', 'SRD'] as const;
export const GRANT_STATUSES = ['active', 'lapsed', 'suspended', 'rejected'] as const;
export const PROGRAMMES = ['PHC', 'HIV', 'TB', 'MCH', 'NCD', 'IMMUNISATION', 'MENTAL_HEALTH'] as const;
export const INSTITUTION_TYPES = ['school', 'tvet', 'university'] as const;
export const OUTCOMES = ['enrolled', 'passed', 'failed', 'dropped_out', 'completed'] as const;
export const SIC_SECTIONS = 'ABCDEFGHIJKLMNOPQRSTU'.split('');

export const GRANT_LABELS: Record<string, string> = {
  OAG: 'Old age grant',
  CSG: 'Child support grant',
  DG: 'Disability grant',
  FCG: 'Foster child grant',
  CDG: 'Care dependency grant',
  WVG: 'War veterans grant',
  GIA: 'Grant-in-aid',
  SRD: 'Social relief of distress',
};

export const PROVINCE_LABELS: Record<string, string> = {
  EC: 'Eastern Cape',
  FS: 'Free State',
  GP: 'Gauteng',
  KZN: 'KwaZulu-Natal',
  LP: 'Limpopo',
  MP: 'Mpumalanga',
  NC: 'Northern Cape',
  NW: 'North West',
  WC: 'Western Cape',
};
