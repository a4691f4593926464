/** Variables and QIs every person-level dataset shares. */
import { GRANT_LABELS, PROVINCE_LABELS } from '../adapters/reference.ts';
import { ageLevels, geographyLevels, valueOrStar } from './hierarchies.ts';
import type { QuasiIdentifierSpec, VariableSpec } from './types.ts';

export const PERSON_ID: VariableSpec = {
  name: 'person_id',
  label: 'Person (keyed pseudonym, the same across all datasets)',
  type: 'string',
  role: 'pseudonym',
  anonymisation: 'HMAC-SHA-256 of the SA ID number with a per-purpose key; not reversible without the key',
  disclosureClass: 'open',
};

export const AGE_BAND: VariableSpec = {
  name: 'age_band',
  label: 'Age band on the reference date',
  type: 'string',
  role: 'quasi_identifier',
  anonymisation: 'age in 5-year bands, coarsened to 10 or 20 years or * as k-anonymity requires',
  disclosureClass: 'restricted',
};

export const SEX: VariableSpec = {
  name: 'sex',
  label: 'Sex',
  type: 'string',
  role: 'quasi_identifier',
  valueLabels: { F: 'Female', M: 'Male', '*': 'suppressed' },
  anonymisation: 'kept, or * where k-anonymity requires',
  disclosureClass: 'restricted',
};

export const GEOGRAPHY: VariableSpec = {
  name: 'geography',
  label: 'District or metropolitan municipality code, or the province code where generalised',
  type: 'string',
  role: 'quasi_identifier',
  valueLabels: { ...PROVINCE_LABELS, '*': 'suppressed' },
  anonymisation: 'district → province → * as k-anonymity requires; wards and addresses are never published',
  disclosureClass: 'restricted',
};

export const PERSON_QIS: QuasiIdentifierSpec[] = [
  { column: 'age_band', ...ageLevels('age') },
  { column: 'sex', ...valueOrStar('sex') },
  { column: 'geography', ...geographyLevels('district_code', 'province_code') },
];

export const GRANT_TYPE_LABELS = GRANT_LABELS;
