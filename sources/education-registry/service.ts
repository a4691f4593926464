/** Runs the education registry as its own small HTTP service, and keeps its shared signing secret. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type pg from 'pg';
import type { SdfPaths } from '../../platform/index.ts';
import { makeEducationRegistryRouter, type EducationRegistryOptions } from './router.ts';

/**
 * The registry's shared secret: `SDF_EDUCATION_REGISTRY_SECRET` if set, else `$SDF_HOME/keys/education-registry.key`
 * (created with 32 random bytes, mode 0600, on first use). The pipelines' connector signs with the same value.
 */
export function educationRegistrySecret(paths: SdfPaths, configured?: string): string {
  if (configured) return configured;
  const file = join(paths.keys, 'education-registry.key');
  if (!existsSync(file)) {
    mkdirSync(paths.keys, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** A running registry service. */
export interface EducationRegistry {
  /** Base URL, e.g. `http://127.0.0.1:4100`; search at `${url}/registry/sync/search`. */
  url: string;
  close(): Promise<void>;
}

/** Starts the registry on `port` (0 picks a free port) bound to 127.0.0.1. */
export async function startEducationRegistry(
  options: {
    pool: pg.Pool;
    port: number;
    /** The shared signing secret (see `educationRegistrySecret`). */
    secret: string;
    host?: string;
  } & Partial<Omit<EducationRegistryOptions, 'secret'>>,
): Promise<EducationRegistry> {
  const app = express();
  app.disable('x-powered-by');
  app.use(makeEducationRegistryRouter(options.pool, { ...options, secret: options.secret }));
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof error === 'object' && error && 'status' in error ? Number(error.status) : 500;
    res.status(status >= 400 && status < 600 ? status : 500).json({
      error: {
        code: status === 400 ? 'bad_request' : 'internal',
        message: status === 400 ? 'request body is not valid JSON' : 'internal error',
      },
    });
  });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(options.port, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
