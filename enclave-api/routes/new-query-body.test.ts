import { describe, expect, it } from 'vitest';
import { fromZod } from '../http/errors.ts';
import { NewQueryBody } from './schemas.ts';

const body = (sql: string) => ({ project: 'p', sql, target: 'synthetic' });

describe('the body of POST /api/v1/queries', () => {
  it.each([
    ['select 1', true],
    ['select 1\n\tfrom grants\r\n', true],
    ["select 'é ✓ 漢字'", true],
    ['select 1\u0000', false],
    ["select '\u0000'", false],
    ['select \u0001 1', false],
    ['select 1\u001b[2J', false],
    ['select 1\u007f', false],
    ['select 1\u000b', false],
  ])('takes %j as valid: %s', (sql, ok) => {
    expect(NewQueryBody.safeParse(body(sql)).success).toBe(ok);
  });

  it('answers a control character with a 400 that names the sql field', () => {
    const parsed = NewQueryBody.safeParse(body('select 1\u0000'));
    if (parsed.success) throw new Error('expected a refusal');
    const error = fromZod(parsed.error, 'body');
    expect(error).toMatchObject({ status: 400, code: 'bad_input' });
    expect(error.message).toMatch(/^body\.sql: .*control character/);
  });
});
