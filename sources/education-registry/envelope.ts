/** zod schemas of the DCI Social Registry sync search request (the parts this registry reads). */
import { z } from 'zod';

/** The registry type this service answers for. */
export const REG_TYPE = 'ns:org:RegistryType:Education';

const expression = z.object({
  attribute_name: z.string().min(1),
  operator: z.string().min(1),
  attribute_value: z.union([z.string(), z.number()]),
});

/** A predicate item: a bare expression, or DCI's `{ expression1, condition: 'and', expression2 }`. */
const predicateItem = z.union([
  expression,
  z.object({
    seq_num: z.number().optional(),
    expression1: expression,
    condition: z.literal('and').optional(),
    expression2: expression.optional(),
  }),
]);

/** `search_criteria` of one search request. */
export const searchCriteriaSchema = z.object({
  version: z.string().optional(),
  reg_type: z.string(),
  reg_event_type: z.string().optional(),
  query_type: z.enum(['predicate', 'idtype-value']),
  query: z.unknown(),
  sort: z.array(z.object({ attribute_name: z.string(), sort_order: z.enum(['asc', 'desc']) })).optional(),
  pagination: z.object({ page_size: z.number().int().min(1), page_number: z.number().int().min(1) }),
  consent: z.unknown().optional(),
  authorize: z.object({ purpose: z.string().min(1) }),
});
export type SearchCriteria = z.infer<typeof searchCriteriaSchema>;

/** `query` of a predicate search. */
export const predicateQuerySchema = z.array(predicateItem).min(1);
/** `query` of an idtype-value search. */
export const idTypeValueQuerySchema = z.object({ type: z.string().min(1), value: z.string().min(1) });

/** One entry of `message.search_request` (its criteria are checked separately, so one bad entry rejects only itself). */
export const searchRequestItemSchema = z.object({
  reference_id: z.string(),
  timestamp: z.string().optional(),
  search_criteria: z.unknown(),
});

/** The request `header`. */
export const requestHeaderSchema = z.object({
  version: z.literal('1.0.0'),
  message_id: z.string().min(1),
  message_ts: z.string().min(1),
  action: z.literal('search'),
  sender_id: z.string().min(1),
  receiver_id: z.string().optional(),
  total_count: z.number().int().min(0),
  is_msg_encrypted: z.literal(false).optional(),
});

/** The whole search request envelope. */
export const searchEnvelopeSchema = z.object({
  signature: z.string().optional(),
  header: requestHeaderSchema,
  message: z.object({
    transaction_id: z.string().min(1),
    search_request: z.array(searchRequestItemSchema).min(1).max(100),
  }),
});
export type SearchEnvelope = z.infer<typeof searchEnvelopeSchema>;

/** Flattens predicate items into ANDed expressions. */
export function flattenPredicate(items: z.infer<typeof predicateQuerySchema>) {
  return items.flatMap((item) =>
    'expression1' in item ? [item.expression1, ...(item.expression2 ? [item.expression2] : [])] : [item],
  );
}
