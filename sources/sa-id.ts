/**
 * South African ID numbers: YYMMDD SSSS C A Z — date of birth, sequence (< 5000 female, ≥ 5000 male),
 * citizenship (0 citizen, 1 permanent resident), A (8 since the 1980s, formerly race) and a Luhn check digit.
 */

/** What an ID number says about its holder. */
export interface SaIdFacts {
  dateOfBirth: string;
  sex: 'F' | 'M';
  citizenship: 'citizen' | 'permanent_resident';
}

/** Luhn check digit for 12 digits: every second digit from the right of the payload is doubled. */
export function luhnCheckDigit(twelveDigits: string): number {
  if (!/^\d{12}$/.test(twelveDigits)) throw new Error(`luhnCheckDigit needs 12 digits, got "${twelveDigits}"`);
  let sum = 0;
  for (let i = 0; i < 12; i += 1) {
    const digit = Number(twelveDigits[i]);
    const doubled = i % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Reads an ID number; null when it is malformed, fails its check digit or names an impossible date.
 * A two-digit year is read as 20YY unless that date is after `today`, then as 19YY.
 */
export function parseSaId(id: string, today: Date = new Date()): SaIdFacts | null {
  if (!/^\d{13}$/.test(id)) return null;
  if (luhnCheckDigit(id.slice(0, 12)) !== Number(id[12])) return null;
  const citizenshipDigit = id[10];
  if (citizenshipDigit !== '0' && citizenshipDigit !== '1') return null;
  const yy = Number(id.slice(0, 2));
  const month = Number(id.slice(2, 4));
  const day = Number(id.slice(4, 6));
  let date = new Date(Date.UTC(2000 + yy, month - 1, day));
  if (date > today) date = new Date(Date.UTC(1900 + yy, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return {
    dateOfBirth: date.toISOString().slice(0, 10),
    sex: Number(id.slice(6, 10)) < 5000 ? 'F' : 'M',
    citizenship: citizenshipDigit === '0' ? 'citizen' : 'permanent_resident',
  };
}

/** True when `id` is 13 digits with a valid date of birth, citizenship digit and Luhn check digit. */
export function isValidSaId(id: string, today: Date = new Date()): boolean {
  return parseSaId(id, today) !== null;
}

/** Builds a valid ID number (used by tests and fixtures). `sequence` is 0–4999; males get 5000 added. */
export function makeSaId(facts: SaIdFacts, sequence: number): string {
  const [year, month, day] = facts.dateOfBirth.split('-');
  const ssss = String((facts.sex === 'M' ? 5000 : 0) + (sequence % 5000)).padStart(4, '0');
  const payload = `${year!.slice(2)}${month}${day}${ssss}${facts.citizenship === 'citizen' ? 0 : 1}8`;
  return `${payload}${luhnCheckDigit(payload)}`;
}
