import { describe, expect, it } from 'vitest';
import { idTypeValueWhere, InvalidQuery, predicateWhere } from './search-query.ts';

describe('DCI predicate queries', () => {
  it.each([
    ['ge', '2026-11-01', 'updated_at >= $1::timestamptz', ['2026-11-01T00:00:00Z']],
    ['gt', '2026-11-01', 'updated_at >= $1::timestamptz', ['2026-11-02T00:00:00Z']],
    ['le', '2026-11-30', 'updated_at < $1::timestamptz', ['2026-12-01T00:00:00Z']],
    ['lt', '2026-11-30', 'updated_at < $1::timestamptz', ['2026-11-30T00:00:00Z']],
    [
      'eq',
      '2026-12-31',
      'updated_at >= $1::timestamptz and updated_at < $2::timestamptz',
      ['2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z'],
    ],
    ['ge', '2026-11-01T10:00:00Z', 'updated_at >= $1::timestamptz', ['2026-11-01T10:00:00Z']],
  ])('treats updated_at %s %s as whole UTC days when given a date', (operator, value, sql, params) => {
    expect(predicateWhere([{ attribute_name: 'updated_at', operator, attribute_value: value }])).toEqual({
      sql,
      params,
    });
  });

  it('ANDs several expressions with numbered placeholders', () => {
    expect(
      predicateWhere([
        { attribute_name: 'updated_at', operator: 'ge', attribute_value: '2026-11-01' },
        { attribute_name: 'year', operator: 'eq', attribute_value: 2026 },
        { attribute_name: 'institution_type', operator: 'eq', attribute_value: 'tvet' },
      ]),
    ).toEqual({
      sql: 'updated_at >= $1::timestamptz and year = $2 and institution_type = $3',
      params: ['2026-11-01T00:00:00Z', 2026, 'tvet'],
    });
  });

  it.each([
    [[], /at least one/],
    [[{ attribute_name: 'surname', operator: 'eq', attribute_value: 'x' }], /unknown attribute/],
    [[{ attribute_name: 'learner_id_number', operator: 'ge', attribute_value: '1' }], /not allowed/],
    [[{ attribute_name: 'updated_at', operator: 'ge', attribute_value: 'yesterday' }], /date or timestamp/],
    [[{ attribute_name: 'year', operator: 'eq', attribute_value: '20x6' }], /integer/],
    [[{ attribute_name: 'year', operator: 'like', attribute_value: 2026 }], /not allowed/],
  ])('rejects %j', (expressions, message) => {
    expect(() => predicateWhere(expressions)).toThrow(InvalidQuery);
    expect(() => predicateWhere(expressions)).toThrow(message);
  });

  it('looks a learner up by national ID and refuses other id types', () => {
    expect(idTypeValueWhere({ type: 'NATIONAL_ID', value: '8001015009087' })).toEqual({
      sql: 'learner_id_number = $1',
      params: ['8001015009087'],
    });
    expect(() => idTypeValueWhere({ type: 'PASSPORT', value: 'A1' })).toThrow(/not supported/);
  });
});
