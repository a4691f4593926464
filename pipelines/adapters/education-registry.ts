/**
 * How the education extract reaches the DCI registry. With `SDF_EDUCATION_REGISTRY_URL` it calls that service;
 * otherwise it starts the sources module's registry in-process for the extract. Requests are signed (HS256)
 * with the registry's shared secret (`SDF_EDUCATION_REGISTRY_SECRET` or `$SDF_HOME/keys/education-registry.key`).
 */
import type pg from 'pg';
import { educationRegistrySecret, signDciEnvelope, startEducationRegistry } from '../../sources/index.ts';
import type { SdfPaths, Settings } from '../../platform/index.ts';

export interface EducationRegistry {
  url: string;
  sign: (body: { header: Record<string, unknown>; message: Record<string, unknown> }) => string;
  close(): Promise<void>;
}

export async function openEducationRegistry(
  pool: pg.Pool,
  paths: SdfPaths,
  dci: Settings['dci'],
): Promise<EducationRegistry> {
  const secret = educationRegistrySecret(paths, dci.registrySecret);
  const sign = (body: { header: Record<string, unknown>; message: Record<string, unknown> }) =>
    signDciEnvelope(body, secret).signature;
  if (dci.registryUrl) return { url: dci.registryUrl, sign, close: async () => undefined };
  const registry = await startEducationRegistry({ pool, port: 0, secret, maxPageSize: dci.maxPageSize });
  return { url: registry.url, sign, close: () => registry.close() };
}
