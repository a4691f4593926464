import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSettings, parseSettingsGroup, settingVariables, SettingsError } from './settings.ts';

describe('parseSettings', () => {
  it('gives the documented defaults when nothing is set', () => {
    const settings = parseSettings({});
    expect(settings.http.port).toBe(8080);
    expect(settings.query).toMatchObject({ timeoutMs: 30_000, memory: '1GB', threads: 2, maxRows: 10_000, quota: 4 });
    expect(settings.query.leaseMs).toBeUndefined();
    expect(settings.sandbox).toEqual({ workers: 2, nice: 10 });
    expect(settings.pipeline).toEqual({ memory: '4GB', threads: 2, persons: 100_000, leaseMs: 120_000 });
    expect(settings.dci).toMatchObject({ pageSize: 5000, maxPageSize: 5000 });
    expect(settings.web.cookieSecure).toBe(false);
    expect(settings.storage.home).toBe(resolve('.sdf'));
  });

  it('treats an empty variable as unset', () => {
    expect(parseSettings({ PORT: '', SDF_QUERY_QUOTA: '  ' }).http.port).toBe(8080);
  });

  it.each([
    ['PORT', '8081', (s: ReturnType<typeof parseSettings>) => s.http.port, 8081],
    ['PORT', '0', (s: ReturnType<typeof parseSettings>) => s.http.port, 0],
    ['SDF_QUERY_QUOTA', '7', (s: ReturnType<typeof parseSettings>) => s.query.quota, 7],
    ['SDF_QUERY_MEMORY', '512MB', (s: ReturnType<typeof parseSettings>) => s.query.memory, '512MB'],
    ['SDF_SANDBOX_NICE', '0', (s: ReturnType<typeof parseSettings>) => s.sandbox.nice, 0],
    ['SDF_COOKIE_SECURE', '1', (s: ReturnType<typeof parseSettings>) => s.web.cookieSecure, true],
    ['SDF_COOKIE_SECURE', 'false', (s: ReturnType<typeof parseSettings>) => s.web.cookieSecure, false],
    ['SDF_LOG_LEVEL', 'debug', (s: ReturnType<typeof parseSettings>) => s.log.level, 'debug'],
  ])('reads %s=%s', (name, value, read, expected) => {
    expect(read(parseSettings({ [name]: value }))).toBe(expected);
  });

  it.each([
    ['SDF_QUERY_QUOTA', 'abc'],
    ['SDF_QUERY_QUOTA', '0'],
    ['SDF_QUERY_QUOTA', '2.5'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['SDF_QUERY_MEMORY', 'lots'],
    ['SDF_SANDBOX_NICE', '20'],
    ['SDF_COOKIE_SECURE', 'yes'],
    ['SDF_LOG_LEVEL', 'loud'],
    ['SDF_MASTER_KEY', 'abcd'],
    ['DATABASE_URL', 'mysql://x'],
    ['SDF_DCI_MAX_PAGE_SIZE', '100001'],
    ['SDF_PIPELINE_LEASE_MS', '1999'],
  ])('refuses %s=%s naming the variable and the value', (name, value) => {
    expect(() => parseSettings({ [name]: value })).toThrow(new RegExp(`${name} must be .*got "${value}"`));
  });

  it('lists every bad variable in one message', () => {
    try {
      parseSettings({ PORT: 'x', SDF_RATE_LIMIT: 'y' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).problems).toHaveLength(2);
      expect((error as SettingsError).code).toBe('bad_usage');
    }
  });

  it('parses one group without judging the others', () => {
    expect(parseSettingsGroup('log', { SDF_LOG_LEVEL: 'warn', PORT: 'bad' }).level).toBe('warn');
  });
});

describe("README's configuration table", () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
  );
  const documented = new Set(
    [...section.matchAll(/^\|([^|]*)\|/gm)].flatMap((row) =>
      [...(row[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] as string),
    ),
  );

  it('documents every declared setting', () => {
    expect(settingVariables().filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents nothing that is not declared', () => {
    const declared = new Set(settingVariables());
    expect([...documented].filter((name) => !declared.has(name))).toEqual([]);
  });
});
