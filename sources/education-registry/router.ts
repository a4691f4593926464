/**
 * The education department's registry service: `POST /registry/sync/search` answering DCI Social Registry sync
 * search requests over `education.enrolments`. The envelope must carry a valid HS256 signature (shared secret);
 * a message id is accepted once; each search request is answered (or rejected with a reason code) on its own,
 * one page at a time with `page_size` capped.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { logger } from '../../platform/index.ts';
import { canonicalJson, signDciEnvelope, verifyDciEnvelope } from './signature.ts';
import { REG_TYPE, searchCriteriaSchema, searchEnvelopeSchema, type SearchEnvelope } from './envelope.ts';
import { answerSearchRequest, type SearchAnswer } from './search.ts';

/** Options of the registry router. */
export interface EducationRegistryOptions {
  /** Shared HS256 secret that requests are signed with (responses are signed with it too). */
  secret: string;
  /** This registry's id in response headers (default `education-registry`). */
  registryId?: string;
  /** Largest page served; bigger requested pages are cut to it (default `$SDF_DCI_MAX_PAGE_SIZE`, else 5000). */
  maxPageSize?: number;
}

type Rejection = { httpStatus: number; code: string; message: string };

function responseEnvelope(
  options: EducationRegistryOptions,
  request: Partial<SearchEnvelope> | undefined,
  items: SearchAnswer[],
  rejection?: Rejection,
) {
  const header = {
    version: '1.0.0',
    message_id: randomUUID(),
    message_ts: new Date().toISOString(),
    action: 'on-search',
    status: rejection || items.every((i) => i.status === 'rjct') ? 'rjct' : 'succ',
    ...(rejection ? { status_reason_code: rejection.code, status_reason_message: rejection.message } : {}),
    total_count: items.length,
    completed_count: items.filter((i) => i.status === 'succ').length,
    sender_id: options.registryId ?? 'education-registry',
    receiver_id: request?.header?.sender_id ?? '',
    is_msg_encrypted: false,
  };
  const message = {
    transaction_id: request?.message?.transaction_id ?? '',
    correlation_id: request?.header?.message_id ?? '',
    search_response: items,
  };
  return signDciEnvelope({ header, message }, options.secret);
}

async function isReplay(pool: pg.Pool, envelope: SearchEnvelope): Promise<boolean> {
  const result = await pool.query(
    'insert into sources_meta.dci_messages (message_id, sender_id) values ($1, $2) on conflict do nothing',
    [envelope.header.message_id, envelope.header.sender_id],
  );
  return result.rowCount === 0;
}

/** Default page size cap when no option is given. */
export const DEFAULT_MAX_PAGE_SIZE = 5000;

/** The page size cap: the option (the facility passes `SDF_DCI_MAX_PAGE_SIZE`), else {@link DEFAULT_MAX_PAGE_SIZE}. */
export function resolveMaxPageSize(option: number | undefined): number {
  const value = option ?? DEFAULT_MAX_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new Error(`the DCI page size cap must be an integer from 1 to 100000, got ${option}`);
  }
  return value;
}

/** An express Router serving `POST /registry/sync/search`; mount it where the registry should live. */
export function makeEducationRegistryRouter(pool: pg.Pool, options: EducationRegistryOptions): Router {
  const router = express.Router();
  const maxPageSize = resolveMaxPageSize(options.maxPageSize);
  router.post('/registry/sync/search', express.json({ limit: '1mb' }), async (req: Request, res: Response) => {
    const reject = (rejection: Rejection, request?: Partial<SearchEnvelope>) =>
      res.status(rejection.httpStatus).json(responseEnvelope(options, request, [], rejection));
    try {
      return await answerEnvelope(req, res, reject);
    } catch (error) {
      // A database or programming error still answers as a DCI envelope, never a bare 500 page with a stack.
      logger.error({ err: error }, 'education registry: search failed');
      return reject(
        { httpStatus: 500, code: 'rjct.internal.error', message: 'the registry could not answer; try again later' },
        req.body,
      );
    }
  });
  async function answerEnvelope(
    req: Request,
    res: Response,
    reject: (r: Rejection, request?: Partial<SearchEnvelope>) => Response,
  ) {
    const parsed = searchEnvelopeSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      const code =
        field === 'header.version'
          ? 'rjct.version.invalid'
          : field === 'header.action'
            ? 'rjct.action.invalid'
            : 'rjct.request.invalid';
      return reject({ httpStatus: 400, code, message: `${field}: ${issue?.message ?? 'invalid'}` }, req.body);
    }
    const envelope = parsed.data;
    if (!verifyDciEnvelope(envelope, options.secret)) {
      return reject(
        { httpStatus: 401, code: 'rjct.jwt.invalid', message: 'signature missing or not valid for this registry' },
        envelope,
      );
    }
    if (await isReplay(pool, envelope)) {
      return reject(
        {
          httpStatus: 409,
          code: 'rjct.message_id.duplicate',
          message: `message_id ${envelope.header.message_id} was already received`,
        },
        envelope,
      );
    }
    const items: SearchAnswer[] = [];
    for (const request of envelope.message.search_request) {
      items.push(
        await answerSearchRequest(pool, request, {
          maxPageSize,
          regType: REG_TYPE,
          criteriaSchema: searchCriteriaSchema,
        }),
      );
    }
    // canonical JSON is valid JSON: the signed text goes out as is (pages are never re-serialised)
    return res.type('application/json').send(canonicalJson(responseEnvelope(options, envelope, items)));
  }
  // Body-parser failures (bad JSON, too large) reach here before the handler: answer them as envelopes too.
  router.use('/registry/sync/search', (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error === 'object' && error && 'status' in error ? Number(error.status) : 500;
    const httpStatus = status >= 400 && status < 500 ? status : 500;
    if (httpStatus === 500) logger.error({ err: error }, 'education registry: request failed');
    res
      .status(httpStatus)
      .json(
        responseEnvelope(
          options,
          undefined,
          [],
          httpStatus === 500
            ? { httpStatus, code: 'rjct.internal.error', message: 'the registry could not answer; try again later' }
            : { httpStatus, code: 'rjct.request.invalid', message: 'request body is not a valid JSON envelope' },
        ),
      );
  });
  return router;
}
