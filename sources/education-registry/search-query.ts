/**
 * Turns a DCI search criteria query into a parameterised WHERE clause on `education.enrolments`. Pure: no I/O,
 * so the allowed attributes, operators and date semantics are tested directly.
 */

/** One predicate expression. */
export interface PredicateExpression {
  attribute_name: string;
  operator: string;
  attribute_value: string | number;
}

/** A where-clause fragment with `$n` placeholders starting at 1. */
export interface WhereClause {
  sql: string;
  params: (string | number)[];
}

/** Attributes a predicate may use, with the operators each allows. */
export const PREDICATE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  updated_at: ['eq', 'ge', 'gt', 'le', 'lt'],
  year: ['eq', 'ge', 'gt', 'le', 'lt'],
  learner_id_number: ['eq'],
  institution_type: ['eq'],
  district_code: ['eq'],
};

/** ID types accepted by an `idtype-value` query (all mean the learner's SA ID number). */
export const ID_TYPES = ['NATIONAL_ID', 'UIN', 'ID', 'learner_id_number'] as const;

const SQL_OPERATOR: Record<string, string> = { eq: '=', ge: '>=', gt: '>', le: '<=', lt: '<' };
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Thrown for a query the registry cannot answer; becomes `rjct.search_criteria.invalid`. */
export class InvalidQuery extends Error {}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

// A date-only bound on a timestamp covers whole UTC days: `le 2026-11-30` includes all of 30 November.
function updatedAtCondition(operator: string, value: string, placeholder: (v: string) => string): string {
  if (Number.isNaN(Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value))) {
    throw new InvalidQuery(`updated_at needs a date or timestamp, got "${value}"`);
  }
  if (!DATE_ONLY.test(value)) return `updated_at ${SQL_OPERATOR[operator]} ${placeholder(value)}::timestamptz`;
  const start = () => `${placeholder(`${value}T00:00:00Z`)}::timestamptz`;
  const end = () => `${placeholder(`${nextDay(value)}T00:00:00Z`)}::timestamptz`;
  switch (operator) {
    case 'ge':
      return `updated_at >= ${start()}`;
    case 'gt':
      return `updated_at >= ${end()}`;
    case 'lt':
      return `updated_at < ${start()}`;
    case 'le':
      return `updated_at < ${end()}`;
    default:
      return `updated_at >= ${start()} and updated_at < ${end()}`;
  }
}

/** The WHERE clause for a list of ANDed predicate expressions. */
export function predicateWhere(expressions: readonly PredicateExpression[]): WhereClause {
  if (expressions.length === 0) throw new InvalidQuery('a predicate query needs at least one expression');
  const params: (string | number)[] = [];
  const placeholder = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = expressions.map(({ attribute_name: name, operator, attribute_value: value }) => {
    const operators = PREDICATE_ATTRIBUTES[name];
    if (!operators)
      throw new InvalidQuery(`unknown attribute "${name}"; use one of ${Object.keys(PREDICATE_ATTRIBUTES).join(', ')}`);
    if (!operators.includes(operator)) throw new InvalidQuery(`operator "${operator}" is not allowed on ${name}`);
    if (name === 'updated_at') return updatedAtCondition(operator, String(value), placeholder);
    if (name === 'year') {
      const year = Number(value);
      if (!Number.isInteger(year)) throw new InvalidQuery(`year needs an integer, got "${value}"`);
      return `year ${SQL_OPERATOR[operator]} ${placeholder(year)}`;
    }
    return `${name} = ${placeholder(String(value))}`;
  });
  return { sql: conditions.join(' and '), params };
}

/** The WHERE clause for an `idtype-value` query. */
export function idTypeValueWhere(query: { type: string; value: string }): WhereClause {
  if (!(ID_TYPES as readonly string[]).includes(query.type)) {
    throw new InvalidQuery(`id type "${query.type}" is not supported; use one of ${ID_TYPES.join(', ')}`);
  }
  return { sql: 'learner_id_number = $1', params: [query.value] };
}
