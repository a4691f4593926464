/** UCI Adult and ARX's hierarchies, kept in `test/fixtures/adult/` (its README gives provenance and licences). */
import { fileURLToPath } from 'node:url';

export const ADULT = fileURLToPath(new URL('./fixtures/adult', import.meta.url));

/** Adult's nine quasi-identifiers, in the CSV's column order (ARX's tests report levels in this order). */
export const ADULT_COLUMNS = [
  'sex',
  'age',
  'race',
  'marital-status',
  'education',
  'native-country',
  'workclass',
  'occupation',
  'salary-class',
] as const;
