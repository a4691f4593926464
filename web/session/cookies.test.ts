import { describe, expect, it } from 'vitest';
import { parseCookies, serializeSessionCookie, SESSION_COOKIE } from './cookies.ts';
import { csrfAllows } from './csrf.ts';

describe('session cookies', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['a=1', { a: '1' }],
    ['a=1; b=two', { a: '1', b: 'two' }],
    ['a=1; a=2', { a: '1' }],
    ['a="quoted"', { a: 'quoted' }],
    ['a=%E2%9C%93', { a: '✓' }],
    ['a=%E2%9C', { a: '%E2%9C' }],
    ['=x; ok=1', { ok: '1' }],
    ['novalue; ok=1', { ok: '1' }],
  ])('parses %j', (header, expected) => {
    expect(parseCookies(header)).toEqual(expected);
  });

  it('marks the session cookie HttpOnly and SameSite=Strict, Secure only over https', () => {
    const plain = serializeSessionCookie('abc', { maxAgeSeconds: 60, secure: false });
    expect(plain).toBe(`${SESSION_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60`);
    expect(serializeSessionCookie('abc', { maxAgeSeconds: 60, secure: true })).toMatch(/; Secure$/);
  });

  it('clears the cookie with Max-Age=0', () => {
    expect(serializeSessionCookie('', { maxAgeSeconds: -5, secure: false })).toContain('Max-Age=0');
  });
});

describe('CSRF rule', () => {
  it.each([
    ['GET', 'tok', undefined, true],
    ['HEAD', 'tok', undefined, true],
    ['POST', 'tok', 'tok', true],
    ['post', 'tok', 'tok', true],
    ['POST', 'tok', undefined, false],
    ['POST', 'tok', '', false],
    ['POST', 'tok', 'tok2', false],
    ['DELETE', 'tok', 'TOK', false],
    ['POST', '', '', false],
  ])('%s with expected %j and presented %j → %s', (method, expected, presented, allowed) => {
    expect(csrfAllows(method, expected, presented)).toBe(allowed);
  });
});
