/** Mapping of catalog rows to the records the API returns (pure). */
import type {
  DbDatasetVersion,
  DbVariable,
  Provenance,
  VariableRecord,
  VariableSummary,
  VersionRecord,
} from '../types.ts';

export function toVersionRecord(row: DbDatasetVersion, current: boolean): VersionRecord {
  return {
    id: String(row.id),
    kind: row.kind,
    version: row.version,
    path: row.path,
    files: row.files,
    rowCount: Number(row.row_count),
    k: row.k,
    releasedAt: row.released_at.toISOString(),
    current,
    provenance: row.provenance as Provenance,
  };
}

/** Value labels are stored as [code, label] pairs to keep their declared order (jsonb objects sort keys). */
function valueLabelsOf(stored: DbVariable['value_labels']): Record<string, string> {
  return Array.isArray(stored) ? Object.fromEntries(stored) : (stored ?? {});
}

export function toVariableRecord(row: DbVariable): VariableRecord {
  return {
    name: row.name,
    label: row.label,
    type: row.type,
    role: row.role,
    ...(row.value_labels ? { valueLabels: valueLabelsOf(row.value_labels) } : {}),
    ...(row.anonymisation ? { anonymisation: row.anonymisation } : {}),
    ...(row.disclosure_class ? { disclosureClass: row.disclosure_class } : {}),
    ...(row.summary ? { summary: row.summary as unknown as VariableSummary } : {}),
  };
}
