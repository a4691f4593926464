/** The catalog for any signed-in user: entries, DCAT-AP JSON-LD and DDI-Codebook XML. */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { getDatasetRecord, listDatasets, toDcatJsonLd, toDdiCodebookXml } from './catalog-adapter.ts';
import { IdParam } from './schemas.ts';
import { DatasetList, DatasetRecord, jsonResponse } from './responses.ts';
import type { ApiDatasetList, ApiDatasetRecord } from '../contract.ts';

const baseUrlOf = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

for (const [path, summary, content] of [
  ['/api/v1/datasets', 'Catalog entries', { 'application/json': { schema: DatasetList } }],
  [
    '/api/v1/datasets/{id}',
    'One catalog entry with variables, value labels, versions and provenance',
    { 'application/json': { schema: DatasetRecord } },
  ],
  // Standard documents, declared by their media type: their schemas are DCAT-AP's and DDI's own.
  [
    '/api/v1/datasets/{id}/dcat',
    'DCAT-AP JSON-LD',
    { 'application/ld+json': { schema: z.record(z.string(), z.unknown()) } },
  ],
  ['/api/v1/datasets/{id}/ddi', 'DDI-Codebook 2.5 XML', { 'application/xml': { schema: z.string() } }],
] as const) {
  openApiRegistry.registerPath({
    method: 'get',
    path,
    summary,
    ...(path.includes('{id}') ? { request: { params: IdParam } } : {}),
    responses: { 200: { description: summary, content }, ...STANDARD_ERRORS },
  });
}

export function datasetsRouter(deps: EnclaveDeps): Router {
  const router = Router();
  const { pool } = deps;

  router.get('/datasets', async (_req, res) => {
    res.json({ datasets: await listDatasets(pool) } satisfies ApiDatasetList);
  });

  router.get('/datasets/:id', async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    res.json((await getDatasetRecord(pool, id)) satisfies ApiDatasetRecord);
  });

  router.get('/datasets/:id/dcat', async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const document = toDcatJsonLd(await getDatasetRecord(pool, id), baseUrlOf(req));
    res.type('application/ld+json').send(JSON.stringify(document));
  });

  router.get('/datasets/:id/ddi', async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const xml = toDdiCodebookXml(await getDatasetRecord(pool, id));
    res.type('application/xml').send(xml);
  });

  return router;
}
