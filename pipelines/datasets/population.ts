import { STUDY_DESCRIPTIONS } from '../../catalog/index.ts';
import { ageSql } from './hierarchies.ts';
import { AGE_BAND, GEOGRAPHY, PERSON_ID, PERSON_QIS, SEX } from './common.ts';
import { valueOrStar } from './hierarchies.ts';
import type { AnonDatasetSpec } from './types.ts';

export const POPULATION_DATASET: AnonDatasetSpec = {
  id: 'population',
  title: 'Population register (anonymised)',
  description: 'One row per person on the population register: age band, sex, area, population group, citizenship.',
  study: STUDY_DESCRIPTIONS.population,
  sources: ['raw/population'],
  baseSql: (partition) => `
    select s.person_id, ${ageSql('s.date_of_birth', partition)} as age, s.sex, s.district_code, s.province_code,
           s.population_group, s.citizenship, s.date_of_death is not null as deceased
      from spine s where s.in_population`,
  variables: [
    PERSON_ID,
    AGE_BAND,
    SEX,
    GEOGRAPHY,
    {
      name: 'population_group',
      label: 'Population group (self-reported)',
      type: 'string',
      role: 'quasi_identifier',
      anonymisation: 'kept, or * where k-anonymity requires',
      disclosureClass: 'restricted',
    },
    {
      name: 'citizenship',
      label: 'Citizenship',
      type: 'string',
      role: 'other',
      valueLabels: { citizen: 'SA citizen', permanent_resident: 'Permanent resident' },
    },
    {
      name: 'deceased',
      label: 'Died before the reference date',
      type: 'boolean',
      role: 'other',
      anonymisation: 'date of death reduced to a flag',
    },
  ],
  rowsArePersons: true,
  quasiIdentifiers: [...PERSON_QIS, { column: 'population_group', ...valueOrStar('population_group') }],
  sensitive: [],
  noise: [],
};
