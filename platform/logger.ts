/** Structured logging (pino). `SDF_LOG_LEVEL` sets the level; tests default to `warn`. */
import { pino, type Logger } from 'pino';

const defaultLevel = process.env.VITEST ? 'warn' : 'info';

export const logger: Logger = pino({
  level: process.env.SDF_LOG_LEVEL ?? defaultLevel,
  base: undefined,
}, pino.destination(2));

export type { Logger };
