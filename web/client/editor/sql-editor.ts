/**
 * The CodeMirror 6 SQL editor: DuckDB's dialect (its keywords and types on top of standard SQL), completion of the
 * project's tables and columns with each variable's label and role, Ctrl/Cmd-Enter to run, and a refusal marked
 * at the line and token it concerns. CodeMirror injects its styles at run time; the shell's CSP allows inline
 * styles (`style-src 'self' 'unsafe-inline'`), and scripts stay `'self'` only.
 */
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { setDiagnostics } from '@codemirror/lint';
import { sql, SQLDialect, StandardSQL, type SQLNamespace } from '@codemirror/lang-sql';
import type { Completion } from '@codemirror/autocomplete';
import type { RefusalSpot } from '../lib/refusal-line.ts';

/** DuckDB additions to standard SQL that the highlighter should know. */
const DUCKDB_KEYWORDS =
  'qualify pivot unpivot exclude replace asof positional semi anti sample summarize describe ilike glob similar struct list map union_by_name columns lambda';
const DUCKDB_TYPES =
  'tinyint smallint integer bigint hugeint utinyint usmallint uinteger ubigint float double decimal varchar text blob boolean date time timestamp timestamptz interval uuid json';

export const DUCKDB: SQLDialect = SQLDialect.define({
  keywords: `${StandardSQL.spec.keywords ?? ''} ${DUCKDB_KEYWORDS}`,
  types: `${StandardSQL.spec.types ?? ''} ${DUCKDB_TYPES}`,
  builtin:
    'count sum avg min max median quantile_cont mode stddev_samp var_samp approx_count_distinct count_if list string_agg round floor ceil abs coalesce nullif date_trunc date_part year month strftime',
  identifierQuotes: '"',
  caseInsensitiveIdentifiers: true,
});

/** One column as the catalog describes it. */
export interface SchemaColumn {
  name: string;
  label: string;
  type: string;
  role: string;
}

/** Words for a variable's disclosure role. */
export const ROLE_WORDS: Record<string, string> = {
  pseudonym: 'person key',
  quasi_identifier: 'quasi-identifier',
  sensitive: 'sensitive',
  measure: 'measure',
  other: 'other',
};

/** The completion namespace: each table's columns with their type, role and label. */
export function completionSchema(tables: Record<string, readonly SchemaColumn[]>): SQLNamespace {
  return Object.fromEntries(
    Object.entries(tables).map(([table, columns]) => [
      table,
      columns.map((c): Completion => ({
        label: c.name,
        type: 'property',
        detail: `${c.type} · ${ROLE_WORDS[c.role] ?? c.role}`,
        info: c.label,
      })),
    ]),
  );
}

export interface SqlEditor {
  view: EditorView;
  text(): string;
  setText(text: string): void;
  /** Marks the refusal at its spot (or clears the marks with null). */
  markRefusal(spot: RefusalSpot | null, message: string): void;
}

/**
 * Mounts the editor in `parent`; `onRun` is bound to Ctrl/Cmd-Enter, `onChange` follows every change of the text,
 * `describedBy` names the help text's id.
 */
export function makeSqlEditor(
  parent: HTMLElement,
  options: {
    doc: string;
    tables: Record<string, readonly SchemaColumn[]>;
    label: string;
    describedBy?: string;
    onRun: () => void;
    onChange?: () => void;
  },
): SqlEditor {
  const view = new EditorView({
    doc: options.doc,
    parent,
    extensions: [
      basicSetup,
      sql({ dialect: DUCKDB, schema: completionSchema(options.tables), upperCaseKeywords: true }),
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              options.onRun();
              return true;
            },
          },
        ]),
      ),
      EditorView.contentAttributes.of({
        'aria-label': options.label,
        'aria-multiline': 'true',
        ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
      }),
      EditorView.lineWrapping,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange?.();
      }),
    ],
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    markRefusal(spot, message) {
      const length = view.state.doc.length;
      const diagnostics = spot
        ? [{ from: Math.min(spot.from, length), to: Math.min(spot.to, length), severity: 'error' as const, message }]
        : [];
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
  };
}
