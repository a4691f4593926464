import { describe, expect, it } from 'vitest';
import { af_ZA, en_IN, en_ZA, zu_ZA, type LocaleDefinition } from '@faker-js/faker';
import { makeVocabulary } from './vocabulary.ts';

/** Every value a locale's definitions list for a name kind (faker keeps them by sex, or flat). */
function listed(locales: LocaleDefinition[], kind: 'first_name' | 'last_name'): Set<string> {
  return new Set(
    locales.flatMap((locale) => {
      const entry = locale.person?.[kind] as
        string[] | { female?: string[]; male?: string[]; generic?: string[] } | undefined;
      if (!entry) return [];
      return Array.isArray(entry) ? entry : [...(entry.female ?? []), ...(entry.male ?? []), ...(entry.generic ?? [])];
    }),
  );
}

describe('South African vocabularies from faker', () => {
  it('gives the same lists for the same seed and other lists for another seed', () => {
    expect(makeVocabulary(7)).toEqual(makeVocabulary(7));
    expect(makeVocabulary(7).streets).not.toEqual(makeVocabulary(8).streets);
  });

  it.each([
    ['Black African', [zu_ZA]],
    ['Coloured', [af_ZA, en_ZA]],
    ['Indian/Asian', [en_IN]],
    ['White', [af_ZA, en_ZA]],
  ] as const)('draws %s names from the locale lists', (group, locales) => {
    const names = makeVocabulary(1).names[group]!;
    const given = listed([...locales], 'first_name');
    const surnames = listed([...locales], 'last_name');
    for (const list of [names.female, names.male, names.surnames]) {
      expect(list.length).toBeGreaterThanOrEqual(10);
      expect(new Set(list).size).toBe(list.length);
    }
    expect(names.female.every((n) => given.has(n))).toBe(true);
    expect(names.male.every((n) => given.has(n))).toBe(true);
    // faker also builds double-barrelled surnames from two listed ones
    expect(names.surnames.filter((n) => !n.split('-').every((part) => surnames.has(part)))).toEqual([]);
  });

  it('has distinct, non-empty streets and employers', () => {
    const { streets, employers } = makeVocabulary(1);
    for (const list of [streets, employers]) {
      expect(list.length).toBeGreaterThanOrEqual(100);
      expect(new Set(list).size).toBe(list.length);
      expect(list.every((v) => v.trim().length > 0)).toBe(true);
    }
  });
});

describe('mobile numbers', () => {
  it("follow en_ZA's mobile numbering plan: ten digits starting 06, 07 or 08", () => {
    const formats = makeVocabulary(1).mobileFormats;
    expect(formats.length).toBeGreaterThan(3);
    for (const { prefix, digits } of formats) {
      expect(prefix).toMatch(/^0[6-8][0-9]*$/);
      expect(prefix.length + digits).toBe(10);
    }
  });
});
