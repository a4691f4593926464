/** Small helpers to walk DuckDB's serialized syntax tree. */
import type { AstNode } from './parser.ts';

/** True for a value that is an expression node (has a `class`). */
export function isNode(value: unknown): value is AstNode {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as AstNode).class === 'string'
  );
}

/** Every expression node directly below `node` (children, filters, CASE arms, subquery nodes excluded). */
export function childNodes(node: AstNode): AstNode[] {
  const found: AstNode[] = [];
  const visit = (value: unknown): void => {
    if (isNode(value)) found.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'subquery') visit(value);
  }
  return found;
}

/** A copy without the fields that differ between equal expressions (alias, source position). */
export function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'alias' && key !== 'query_location')
      .map(([key, value]) => [key, normalise(value)]),
  );
}

/** Structural equality of two expressions, ignoring aliases and positions. */
export function sameExpression(a: AstNode, b: AstNode): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** The integer value of a constant node, if it is one (GROUP BY 1). */
export function integerConstant(node: AstNode): number | null {
  if (node.class !== 'CONSTANT') return null;
  const value = (node.value as { value?: unknown } | undefined)?.value;
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** The column name a COLUMN_REF points at (last part) and its qualifier, if any. */
export function columnRef(node: AstNode): { name: string; qualifier: string | null } | null {
  if (node.class !== 'COLUMN_REF') return null;
  const names = node.column_names as string[];
  return {
    name: names[names.length - 1] ?? '',
    qualifier: names.length > 1 ? (names[names.length - 2] ?? null) : null,
  };
}
