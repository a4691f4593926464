/**
 * Vocabularies of given names, surnames, street names and employer names, built once per seed from faker's South
 * African locales — isiZulu (zu_ZA), Afrikaans (af_ZA) and South African English (en_ZA), with Indian English
 * (en_IN) for Indian/Asian names — and then sampled inside DuckDB by the generators, so generation stays a set of
 * SQL statements. Deterministic per seed (and faker version, pinned by the lockfile).
 */
import { Faker, af_ZA, base, en, en_IN, en_ZA, zu_ZA, type LocaleDefinition } from '@faker-js/faker';

export interface NameLists {
  female: readonly string[];
  male: readonly string[];
  surnames: readonly string[];
}

export interface Vocabulary {
  /** Names per population group (the register's own group labels). */
  names: Readonly<Record<string, NameLists>>;
  /** Street names with their suffix (`Nhlakanipho Ports`). */
  streets: readonly string[];
  /** Employer names without a legal form (`Khoza, Dlamini and Harvey-Ngcobo`). */
  employers: readonly string[];
  /** South African mobile numbers as a fixed prefix and a count of random digits (`06` + 8 digits). */
  mobileFormats: readonly { prefix: string; digits: number }[];
}

/** How many distinct values each list aims for (fewer when a locale has fewer). */
export const VOCABULARY_SIZES = { givenNames: 60, surnames: 80, streets: 200, employers: 400 } as const;

/** The locales each population group's names are drawn from, in turn. */
const GROUP_LOCALES: Readonly<Record<string, readonly LocaleDefinition[]>> = {
  'Black African': [zu_ZA],
  Coloured: [af_ZA, en_ZA],
  'Indian/Asian': [en_IN],
  White: [af_ZA, en_ZA],
};

/** Up to `size` distinct values from `draw`, giving up after 20 tries per value (a small locale runs out). */
function distinctDraws(size: number, draw: (i: number) => string): string[] {
  const values = new Set<string>();
  for (let i = 0; values.size < size && i < size * 20; i++) values.add(draw(i));
  return [...values];
}

function makeFaker(locale: LocaleDefinition, seed: number): Faker {
  const faker = new Faker({ locale: [locale, en, base] });
  faker.seed(seed);
  return faker;
}

/** The vocabularies for a seed: the same seed gives the same lists. */
export function makeVocabulary(seed: number): Vocabulary {
  const names = Object.fromEntries(
    Object.entries(GROUP_LOCALES).map(([group, locales], g) => {
      const fakers = locales.map((locale, l) => makeFaker(locale, seed * 31 + g * 7 + l));
      const turn = (i: number) => fakers[i % fakers.length]!;
      return [
        group,
        {
          female: distinctDraws(VOCABULARY_SIZES.givenNames, (i) => turn(i).person.firstName('female')),
          male: distinctDraws(VOCABULARY_SIZES.givenNames, (i) => turn(i).person.firstName('male')),
          surnames: distinctDraws(VOCABULARY_SIZES.surnames, (i) => turn(i).person.lastName()),
        },
      ];
    }),
  );
  const za = [zu_ZA, af_ZA, en_ZA].map((locale, l) => makeFaker(locale, seed * 31 + 101 + l));
  return {
    names,
    mobileFormats: mobileFormats(),
    streets: distinctDraws(VOCABULARY_SIZES.streets, (i) => za[i % za.length]!.location.street()),
    employers: distinctDraws(VOCABULARY_SIZES.employers, (i) => za[i % za.length]!.company.name()),
  };
}

/**
 * en_ZA's mobile number formats (`06########`, `082#######`, …) as prefix and digit count: the digits are drawn
 * per person in SQL, so numbers stay (almost) unique while following the locale's numbering plan.
 */
function mobileFormats(): { prefix: string; digits: number }[] {
  const formats = (en_ZA.phone_number?.format as { mobile?: string[] } | undefined)?.mobile ?? [];
  return formats
    .filter((f) => /^[0-9+]+#+$/.test(f))
    .map((f) => ({ prefix: f.replace(/#+$/, ''), digits: f.length - f.replace(/#+$/, '').length }));
}
