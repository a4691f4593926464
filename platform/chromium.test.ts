import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from './chromium.ts';

describe('finding Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'sdf chromium '));
  const bin = join(root, 'bin');
  const other = join(root, 'other');
  mkdirSync(bin);
  mkdirSync(other);
  const program = (path: string, mode = 0o755) => {
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, mode);
    return path;
  };
  const onPath = program(join(bin, 'chromium-browser'));
  const explicit = program(join(other, 'my-chrome'));
  const located = program(join(other, 'installed-chromium'));
  const notExecutable = program(join(other, 'plain'), 0o644);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['SDF_CHROMIUM wins over everything', { SDF_CHROMIUM: explicit, PATH: bin }, [located], explicit],
    [
      'an SDF_CHROMIUM that cannot run is not replaced by a guess',
      { SDF_CHROMIUM: notExecutable, PATH: bin },
      [located],
      null,
    ],
    ['a known name on PATH comes next', { PATH: `${other}:${bin}` }, [located], onPath],
    ['then the usual install locations', { PATH: other }, [notExecutable, located], located],
    ['nothing found is null', { PATH: other }, [notExecutable], null],
  ])('%s', (_name, env, locations, expected) => {
    expect(findChromium(env, locations)).toBe(expected);
  });
});
