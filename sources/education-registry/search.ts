/** Answers one DCI search request from `education.enrolments` (the registry's database adapter). */
import type pg from 'pg';
import type { z } from 'zod';
import {
  flattenPredicate,
  idTypeValueQuerySchema,
  predicateQuerySchema,
  searchRequestItemSchema,
  type searchCriteriaSchema,
} from './envelope.ts';
import { idTypeValueWhere, InvalidQuery, predicateWhere, type WhereClause } from './search-query.ts';
import { CanonicalJsonText } from './signature.ts';

/** One entry of `message.search_response`. */
export interface SearchResponseItem {
  reference_id: string;
  timestamp: string;
  status: 'succ' | 'rjct';
  status_reason_code?: string;
  status_reason_message?: string;
  data?: { version: string; reg_type: string; reg_record_type: 'enrolment'; reg_records: EnrolmentRecord[] };
  pagination?: { page_size: number; page_number: number; total_count: number };
}

/** One search response as the registry builds it: the page of records is canonical JSON text, not objects. */
export type SearchAnswer = Omit<SearchResponseItem, 'data'> & {
  data?: Omit<NonNullable<SearchResponseItem['data']>, 'reg_records'> & { reg_records: CanonicalJsonText };
};

/**
 * The page's columns in key order, rendered by PostgreSQL as canonical JSON (`row_to_json` is compact and keeps
 * column order): `updated_at` as JavaScript's `toISOString`, amounts as plain numbers.
 */
const RECORD_COLUMNS = `bursary_amount::float8 as bursary_amount, district_code, enrolment_id, grade, institution_code,
  institution_name, institution_type, learner_id_number, outcome, programme,
  to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at, year`;

/** An enrolment as the registry returns it. */
export interface EnrolmentRecord {
  enrolment_id: string;
  learner_id_number: string;
  institution_code: string;
  institution_name: string;
  institution_type: string;
  grade: string | null;
  programme: string | null;
  year: number;
  bursary_amount: number | null;
  outcome: string;
  district_code: string;
  updated_at: string;
}

const SORTABLE = new Set(['updated_at', 'enrolment_id', 'year', 'learner_id_number']);

function rejected(referenceId: string, code: string, message: string): SearchAnswer {
  return {
    reference_id: referenceId,
    timestamp: new Date().toISOString(),
    status: 'rjct',
    status_reason_code: code,
    status_reason_message: message,
  };
}

function whereFor(criteria: z.infer<typeof searchCriteriaSchema>): WhereClause {
  if (criteria.query_type === 'idtype-value') {
    const query = idTypeValueQuerySchema.safeParse(criteria.query);
    if (!query.success) throw new InvalidQuery('idtype-value query needs { type, value }');
    return idTypeValueWhere(query.data);
  }
  const query = predicateQuerySchema.safeParse(criteria.query);
  if (!query.success)
    throw new InvalidQuery('predicate query needs a list of { attribute_name, operator, attribute_value }');
  return predicateWhere(flattenPredicate(query.data));
}

function orderBy(criteria: z.infer<typeof searchCriteriaSchema>): string {
  const keys = (criteria.sort ?? []).map((s) => {
    if (!SORTABLE.has(s.attribute_name)) throw new InvalidQuery(`cannot sort by ${s.attribute_name}`);
    return `e.${s.attribute_name} ${s.sort_order}`;
  });
  // Default keys follow the (updated_at, enrolment_id) index so a page is an index range scan; ctid breaks ties
  // between identical (duplicate) rows so pages never overlap or skip.
  const named = new Set((criteria.sort ?? []).map((s) => s.attribute_name));
  // qualified: the page's output columns reuse these names (updated_at as text), and ORDER BY would take those
  return [...keys, ...['updated_at', 'enrolment_id', 'ctid'].filter((k) => !named.has(k)).map((k) => `e.${k}`)].join(
    ', ',
  );
}

/** Validates one search request and returns its page of enrolments, or a rejection with a DCI reason code. */
export async function answerSearchRequest(
  pool: pg.Pool,
  raw: z.infer<typeof searchRequestItemSchema>,
  options: { maxPageSize: number; regType: string; criteriaSchema: typeof searchCriteriaSchema },
): Promise<SearchAnswer> {
  const referenceId = raw.reference_id;
  if (!referenceId.trim()) return rejected(referenceId, 'rjct.reference_id.invalid', 'reference_id must not be empty');
  const parsed = options.criteriaSchema.safeParse(raw.search_criteria);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return rejected(referenceId, 'rjct.search_criteria.invalid', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  const criteria = parsed.data;
  if (criteria.reg_type !== options.regType) {
    return rejected(referenceId, 'rjct.search_criteria.invalid', `reg_type must be ${options.regType}`);
  }
  let where: WhereClause;
  let order: string;
  try {
    where = whereFor(criteria);
    order = orderBy(criteria);
  } catch (error) {
    if (error instanceof InvalidQuery) return rejected(referenceId, 'rjct.search_criteria.invalid', error.message);
    throw error;
  }
  const pageSize = Math.min(criteria.pagination.page_size, options.maxPageSize);
  const offset = (criteria.pagination.page_number - 1) * pageSize;
  const total = await pool.query<{ n: string }>(
    `select count(*) as n from education.enrolments where ${where.sql}`,
    where.params,
  );
  const page = await pool.query<{ j: string }>(
    `select row_to_json(r)::text as j from (
       select ${RECORD_COLUMNS} from education.enrolments e where ${where.sql} order by ${order}
        limit ${pageSize} offset ${offset}) r`,
    where.params,
  );
  const records = new CanonicalJsonText(`[${page.rows.map((row) => row.j).join(',')}]`);
  return {
    reference_id: referenceId,
    timestamp: new Date().toISOString(),
    status: 'succ',
    data: {
      version: criteria.version ?? '1.0.0',
      reg_type: options.regType,
      reg_record_type: 'enrolment',
      reg_records: records,
    },
    pagination: {
      page_size: pageSize,
      page_number: criteria.pagination.page_number,
      total_count: Number(total.rows[0]?.n ?? 0),
    },
  };
}
