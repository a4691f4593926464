import { describe, expect, it } from 'vitest';
import { isValidSaId, luhnCheckDigit, parseSaId } from './index.ts';
import { makeSaId } from './sa-id.ts';

const today = new Date('2026-11-22T00:00:00Z');

describe('SA ID numbers', () => {
  it.each([
    // Published example ID numbers with their known check digits.
    ['800101500908', 7],
    ['870510016308', 4],
    ['000000000000', 0],
  ])('computes the Luhn check digit of %s as %i', (payload, digit) => {
    expect(luhnCheckDigit(payload)).toBe(digit);
  });

  it('rejects a payload that is not 12 digits', () => {
    expect(() => luhnCheckDigit('12345')).toThrow(/12 digits/);
  });

  it.each([
    ['8001015009087', true, 'valid male citizen'],
    ['8001015009084', false, 'wrong check digit'],
    ['8013015009082', false, 'month 13'],
    ['8002305009084', false, 'February 30'],
    ['800101500908', false, 'too short'],
    ['80010150090A7', false, 'not digits'],
    ['8001015009285', false, 'citizenship digit 2'],
  ])('judges %s valid=%s (%s)', (id, valid) => {
    expect(isValidSaId(id, today)).toBe(valid);
  });

  it('reads date of birth, sex and citizenship from the number', () => {
    expect(parseSaId('8001015009087', today)).toEqual({ dateOfBirth: '1980-01-01', sex: 'M', citizenship: 'citizen' });
    const child = makeSaId({ dateOfBirth: '2019-07-15', sex: 'F', citizenship: 'permanent_resident' }, 123);
    expect(child.slice(6, 11)).toBe('01231');
    expect(parseSaId(child, today)).toEqual({ dateOfBirth: '2019-07-15', sex: 'F', citizenship: 'permanent_resident' });
  });

  it('places a two-digit year in the century that is not in the future', () => {
    expect(
      parseSaId(makeSaId({ dateOfBirth: '1926-12-01', sex: 'F', citizenship: 'citizen' }, 1), today)?.dateOfBirth,
    ).toBe('1926-12-01');
    expect(
      parseSaId(makeSaId({ dateOfBirth: '2026-11-01', sex: 'F', citizenship: 'citizen' }, 1), today)?.dateOfBirth,
    ).toBe('2026-11-01');
  });
});
