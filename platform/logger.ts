/** Structured logging (pino). `SDF_LOG_LEVEL` sets the level; tests default to `warn`. */
import { pino, type Logger } from 'pino';
import { parseSettingsGroup } from './settings.ts';

// The logger exists before any command parses its settings, so it reads its own group (a bad value throws here).
const defaultLevel = process.env.VITEST ? 'warn' : 'info';

export const logger: Logger = pino(
  {
    level: parseSettingsGroup('log').level ?? defaultLevel,
    base: undefined,
  },
  pino.destination(2),
);

export type { Logger };
