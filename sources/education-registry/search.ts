/** Answers one DCI search request from `education.enrolments` (the registry's database adapter). */
import type pg from 'pg';
import type { z } from 'zod';
import {
  flattenPredicate, idTypeValueQuerySchema, predicateQuerySchema, searchRequestItemSchema, type searchCriteriaSchema,
} from './envelope.ts';
import { idTypeValueWhere, InvalidQuery, predicateWhere, type WhereClause } from './search-query.ts';

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

function rejected(referenceId: string, code: string, message: string): SearchResponseItem {
  return { reference_id: referenceId, timestamp: new Date().toISOString(), status: 'rjct', status_reason_code: code, status_reason_message: message };
}

function whereFor(criteria: z.infer<typeof searchCriteriaSchema>): WhereClause {
  if (criteria.query_type === 'idtype-value') {
    const query = idTypeValueQuerySchema.safeParse(criteria.query);
    if (!query.success) throw new InvalidQuery('idtype-value query needs { type, value }');
    return idTypeValueWhere(query.data);
  }
  const query = predicateQuerySchema.safeParse(criteria.query);
  if (!query.success) throw new InvalidQuery('predicate query needs a list of { attribute_name, operator, attribute_value }');
  return predicateWhere(flattenPredicate(query.data));
}

function orderBy(criteria: z.infer<typeof searchCriteriaSchema>): string {
  const keys = (criteria.sort ?? []).map((s) => {
    if (!SORTABLE.has(s.attribute_name)) throw new InvalidQuery(`cannot sort by ${s.attribute_name}`);
    return `${s.attribute_name} ${s.sort_order}`;
  });
  // Default keys follow the (updated_at, enrolment_id) index so a page is an index range scan; ctid breaks ties
  // between identical (duplicate) rows so pages never overlap or skip.
  const named = new Set((criteria.sort ?? []).map((s) => s.attribute_name));
  return [...keys, ...['updated_at', 'enrolment_id'].filter((k) => !named.has(k)), 'ctid'].join(', ');
}

/** Validates one search request and returns its page of enrolments, or a rejection with a DCI reason code. */
export async function answerSearchRequest(
  pool: pg.Pool,
  raw: z.infer<typeof searchRequestItemSchema>,
  options: { maxPageSize: number; regType: string; criteriaSchema: typeof searchCriteriaSchema },
): Promise<SearchResponseItem> {
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
  const total = await pool.query<{ n: string }>(`select count(*) as n from education.enrolments where ${where.sql}`, where.params);
  const page = await pool.query<EnrolmentRecord & { bursary_amount: string | null; updated_at: Date }>(
    `select enrolment_id, learner_id_number, institution_code, institution_name, institution_type, grade, programme,
            year, bursary_amount, outcome, district_code, updated_at
       from education.enrolments where ${where.sql} order by ${order}
      limit ${pageSize} offset ${offset}`,
    where.params,
  );
  const records = page.rows.map((row) => ({
    ...row,
    bursary_amount: row.bursary_amount === null ? null : Number(row.bursary_amount),
    updated_at: new Date(row.updated_at).toISOString(),
  }));
  return {
    reference_id: referenceId,
    timestamp: new Date().toISOString(),
    status: 'succ',
    data: { version: criteria.version ?? '1.0.0', reg_type: options.regType, reg_record_type: 'enrolment', reg_records: records },
    pagination: { page_size: pageSize, page_number: criteria.pagination.page_number, total_count: Number(total.rows[0]?.n ?? 0) },
  };
}
