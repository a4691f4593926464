/**
 * The functions researcher SQL may call, as data: everything else DuckDB ships (or will ship) is refused. Names are
 * DuckDB's own (`select function_name from duckdb_functions()`), including the operators it parses as functions
 * (`+`, `~~` for LIKE, `list_value` for `[…]`). Left out on purpose: anything that reads files, the network,
 * settings, variables, the catalog or the environment (`read_*`, `current_setting`, `getvariable`, `pg_get_viewdef`,
 * `duckdb_*`), runs SQL text (`query`, `json_execute_serialized_sql`), fails with a message of its choosing
 * (`error`), sleeps or logs (`sleep_ms`, `write_log`), reads storage statistics (`stats`), calls a function named by
 * a string (`list_aggregate`), and aggregate macros the output checker cannot see as aggregates (`geomean`,
 * `weighted_avg`, `json_group_array`). `allowed-functions.test.ts` ties this list to DuckDB's catalog.
 */

/** Scalar, aggregate and window functions (and operators) a researcher may call. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  // Operators DuckDB parses as function calls.
  '+', '-', '*', '/', '//', '%', '**', '^', '&', '|', '~', '<<', '>>', '!__postfix', '@', '||',
  '~~', '!~~', '~~*', '!~~*', '~~~', '^@', '@>', '<@', '->>',
  // Arithmetic and math.
  'abs', 'acos', 'acosh', 'add', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'bit_count', 'cbrt', 'ceil', 'ceiling',
  'cos', 'cosh', 'cot', 'degrees', 'divide', 'even', 'exp', 'factorial', 'fdiv', 'floor', 'fmod', 'gamma', 'gcd',
  'greatest', 'greatest_common_divisor', 'isfinite', 'isinf', 'isnan', 'lcm', 'least', 'least_common_multiple',
  'lgamma', 'ln', 'log', 'log10', 'log2', 'mod', 'multiply', 'nextafter', 'pi', 'pow', 'power', 'radians', 'random',
  'round', 'round_even', 'roundbankers', 'sign', 'signbit', 'sin', 'sinh', 'sqrt', 'subtract', 'tan', 'tanh',
  'trunc', 'xor', 'nullif',
  // Text.
  'ascii', 'bit_length', 'char_length', 'character_length', 'chr', 'concat', 'concat_ws', 'contains',
  'damerau_levenshtein', 'ends_with', 'format', 'hamming', 'ilike_escape', 'instr', 'jaccard', 'jaro_similarity',
  'jaro_winkler_similarity', 'lcase', 'left', 'left_grapheme', 'len', 'length', 'length_grapheme', 'levenshtein',
  'like_escape', 'lower', 'lpad', 'ltrim', 'md5', 'mismatches', 'nfc_normalize', 'not_ilike_escape',
  'not_like_escape', 'octet_length', 'ord', 'position', 'prefix', 'printf', 'repeat', 'replace', 'reverse', 'right',
  'right_grapheme', 'rpad', 'rtrim', 'sha1', 'sha256', 'split', 'split_part', 'starts_with', 'str_split',
  'str_split_regex', 'string_split', 'string_split_regex', 'string_to_array', 'strip_accents', 'strlen', 'strpos',
  'substr', 'substring', 'substring_grapheme', 'suffix', 'translate', 'trim', 'ucase', 'unicode', 'upper',
  'hex', 'to_hex', 'unhex', 'from_hex', 'bin', 'to_binary', 'unbin', 'from_binary', 'to_base', 'base64',
  'to_base64', 'from_base64', 'encode', 'decode', 'url_encode', 'url_decode', 'format_bytes',
  // Regular expressions.
  'regexp_escape', 'regexp_extract', 'regexp_extract_all', 'regexp_full_match', 'regexp_matches', 'regexp_replace',
  'regexp_split_to_array', 'regexp_split_to_table',
  // Dates and times.
  'age', 'ago', 'century', 'current_date', 'current_localtime', 'current_localtimestamp', 'date_add', 'date_diff',
  'date_part', 'date_sub', 'date_trunc', 'datediff', 'datepart', 'datesub', 'datetrunc', 'day', 'dayname',
  'dayofmonth', 'dayofweek', 'dayofyear', 'days_in_month', 'decade', 'epoch', 'epoch_ms', 'epoch_ns', 'epoch_us',
  'era', 'get_current_time', 'get_current_timestamp', 'hour', 'isodow', 'isoyear', 'julian', 'last_day', 'make_date',
  'make_time', 'make_timestamp', 'make_timestamp_ms', 'make_timestamp_ns', 'make_timestamptz', 'microsecond',
  'millennium', 'millisecond', 'minute', 'month', 'monthname', 'nanosecond', 'normalized_interval', 'now', 'quarter',
  'second', 'strftime', 'strptime', 'time_bucket', 'timezone', 'timezone_hour', 'timezone_minute', 'to_centuries',
  'to_days', 'to_decades', 'to_hours', 'to_microseconds', 'to_millennia', 'to_milliseconds', 'to_minutes',
  'to_months', 'to_quarters', 'to_seconds', 'to_timestamp', 'to_weeks', 'to_years', 'today', 'transaction_timestamp',
  'try_strptime', 'week', 'weekday', 'weekofyear', 'year', 'yearweek',
  // Lists and arrays (including `[…]`, `x[i]`, `x[a:b]` and list comprehensions).
  'list_value', 'list_pack', 'array_value', 'list_extract', 'list_element', 'array_extract', 'list_slice',
  'array_slice', 'list_contains', 'list_has', 'array_contains', 'array_has', 'list_has_all', 'list_has_any',
  'array_has_all', 'array_has_any', 'list_position', 'list_indexof', 'array_position', 'array_indexof',
  'list_concat', 'list_cat', 'array_concat', 'array_cat', 'list_append', 'array_append', 'array_push_back',
  'list_prepend', 'array_prepend', 'array_push_front', 'array_pop_back', 'array_pop_front', 'list_distinct',
  'array_distinct', 'list_unique', 'array_unique', 'list_sort', 'array_sort', 'list_reverse_sort',
  'array_reverse_sort', 'list_reverse', 'array_reverse', 'list_transform', 'array_transform', 'list_apply',
  'array_apply', 'apply', 'list_filter', 'array_filter', 'filter', 'list_reduce', 'array_reduce', 'reduce',
  'array_length', 'cardinality', 'flatten', 'list_zip', 'array_zip', 'list_where', 'array_where', 'list_select',
  'array_select', 'list_grade_up', 'array_grade_up', 'grade_up', 'list_intersect', 'array_intersect', 'list_resize',
  'array_resize', 'array_to_string', 'range', 'generate_series', 'generate_subscripts', 'unnest',
  'list_sum', 'list_avg', 'list_min', 'list_max', 'list_count', 'list_median', 'list_mode', 'list_first',
  'list_last', 'list_any_value', 'list_string_agg', 'list_bool_and', 'list_bool_or', 'list_product',
  'list_stddev_samp', 'list_stddev_pop', 'list_var_samp', 'list_var_pop',
  // Structs and maps (including `{…}`, `x.field`).
  'struct_pack', 'row', 'struct_extract', 'struct_extract_at', 'struct_insert', 'struct_concat', 'struct_keys',
  'struct_values', 'map', 'map_extract', 'map_extract_value', 'map_keys', 'map_values', 'map_entries',
  'map_from_entries', 'map_contains', 'map_concat', 'element_at',
  // JSON values (never the SQL-text functions json_serialize_sql / json_execute_serialized_sql).
  'json_extract', 'json_extract_string', 'json_extract_path', 'json_extract_path_text', 'json_value', 'json_exists',
  'json_array_length', 'json_keys', 'json_type', 'json_valid', 'json_contains', 'json_array', 'json_object',
  'json_quote', 'to_json', 'array_to_json', 'row_to_json', 'json_merge_patch', 'json_pretty', 'json', 'from_json',
  // Aggregates.
  'any_value', 'approx_count_distinct', 'approx_quantile', 'arbitrary', 'arg_max', 'arg_max_null',
  'arg_max_nulls_last', 'arg_min', 'arg_min_null', 'arg_min_nulls_last', 'argmax', 'argmin', 'array_agg', 'avg',
  'bool_and', 'bool_or', 'corr', 'count', 'count_if', 'count_star', 'countif', 'covar_pop', 'covar_samp', 'entropy',
  'favg', 'first', 'fsum', 'group_concat', 'histogram', 'histogram_exact', 'kahan_sum', 'kurtosis', 'kurtosis_pop',
  'last', 'list', 'listagg', 'mad', 'max', 'max_by', 'mean', 'median', 'min', 'min_by', 'mode', 'product',
  'quantile', 'quantile_cont', 'quantile_disc', 'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept', 'regr_r2',
  'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy', 'reservoir_quantile', 'sem', 'skewness', 'stddev', 'stddev_pop',
  'stddev_samp', 'string_agg', 'sum', 'sumkahan', 'var_pop', 'var_samp', 'variance',
  // Window functions.
  'row_number', 'rank', 'dense_rank', 'rank_dense', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead',
  'first_value', 'last_value', 'nth_value', 'fill',
] as const);

/** Table functions that only generate values (read_csv, glob, query, duckdb_*, summary … are refused). */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['range', 'generate_series', 'unnest'] as const);

/** True when researcher SQL may call the scalar, aggregate or window function `name` (case-insensitive). */
export function isAllowedFunction(name: string): boolean {
  return ALLOWED_FUNCTIONS.has(name.toLowerCase());
}

/** True when researcher SQL may read from the table function `name` (case-insensitive). */
export function isAllowedTableFunction(name: string): boolean {
  return ALLOWED_TABLE_FUNCTIONS.has(name.toLowerCase());
}
