/** What each aggregate function shows, and so which disclosure rules apply to it. */
import type { StatisticKind } from '../types.ts';

const KINDS: ReadonlyArray<[StatisticKind, readonly string[]]> = [
  ['count', ['count_star', 'count', 'approx_count_distinct']],
  ['sum', ['sum', 'fsum', 'kahan_sum', 'sumkahan', 'sum_no_overflow']],
  ['mean', ['avg', 'mean', 'favg']],
  [
    'extreme',
    [
      'min',
      'max',
      'median',
      'quantile',
      'quantile_cont',
      'quantile_disc',
      'mode',
      'arg_min',
      'arg_max',
      'argmin',
      'argmax',
      'min_by',
      'max_by',
      'first',
      'last',
      'any_value',
      'arbitrary',
      'list',
      'array_agg',
      'string_agg',
      'group_concat',
      'listagg',
      'histogram',
      'approx_quantile',
      'reservoir_quantile',
      'mad',
    ],
  ],
  ['spread', ['stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop']],
  [
    'model',
    [
      'regr_slope',
      'regr_intercept',
      'regr_r2',
      'regr_avgx',
      'regr_avgy',
      'regr_count',
      'regr_sxx',
      'regr_syy',
      'regr_sxy',
      'corr',
      'covar_pop',
      'covar_samp',
    ],
  ],
];

const BY_NAME = new Map(KINDS.flatMap(([kind, names]) => names.map((name) => [name, kind] as const)));

/** The statistic an aggregate function shows; unknown aggregates are `other` (always reviewed). */
export function statisticKind(functionName: string, distinct: boolean): StatisticKind {
  const kind = BY_NAME.get(functionName.toLowerCase()) ?? 'other';
  // A sum or mean over DISTINCT values is not a sum of per-person contributions: dominance cannot be computed.
  if (distinct && (kind === 'sum' || kind === 'mean')) return 'other';
  return kind;
}

/** Parameters a model estimates (residual df = persons − parameters); 1 for a spread (n − 1). */
export function estimatedParameters(kind: StatisticKind): number {
  if (kind === 'model') return 2;
  if (kind === 'spread') return 1;
  return 0;
}
