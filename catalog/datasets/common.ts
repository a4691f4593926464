/** What every study description of the facility shares: access terms, contact, coverage. */
import type { StudyDescription } from '../types.ts';

export const ACCESS_CONDITIONS =
  'Restricted. Accredited researchers on a project approved by the data custodian, inside the Secure Data ' +
  'Facility enclave only; no record-level data leave the enclave, and every output is checked for disclosure ' +
  'and released by a custodian. Each release is k-anonymous on its declared quasi-identifiers; a synthetic twin ' +
  'with the same columns is available for developing queries.';

export const CONTACT: NonNullable<StudyDescription['contact']> = {
  name: 'Secure Data Facility data custodians',
  email: 'custodians@sdf.example.gov.za',
};

export const SPATIAL: StudyDescription['spatialCoverage'] = {
  country: 'ZAF',
  description: 'South Africa, by district or metropolitan municipality, or by province where generalised',
  levels: ['province', 'district'],
};

export const SYNTHETIC_NOTE =
  ' The registry behind this release is synthetic: realistic, seeded data generated for the facility, not records of real people.';

/** A citation in the facility's style. */
export function citation(custodian: string, title: string, year = 2026): string {
  return `${custodian} (${year}). ${title} [anonymised administrative data]. Secure Data Facility. Accessed through the SDF enclave.`;
}
