/**
 * Where in the SQL a refusal points (pure): the SQL policy names the table or function it refused, DuckDB's parser
 * the token it stopped at (`at or near "x"`, sometimes `LINE n:`). Returns the 1-based line and the character range
 * of the first match, or null when the message names nothing found in the SQL.
 */
export interface RefusalSpot {
  line: number;
  from: number;
  to: number;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function spotOf(sql: string, pattern: RegExp): RefusalSpot | null {
  const match = pattern.exec(sql);
  if (!match) return null;
  const from = match.index;
  return { line: sql.slice(0, from).split('\n').length, from, to: from + match[0].length };
}

function lineSpot(sql: string, line: number): RefusalSpot | null {
  const lines = sql.split('\n');
  if (line < 1 || line > lines.length) return null;
  const from = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  return { line, from, to: from + lines[line - 1]!.length };
}

export function refusalSpot(sql: string, message: string): RefusalSpot | null {
  const fn = /function ([\w.]+)\(\) is not available/.exec(message);
  if (fn) return spotOf(sql, new RegExp(`\\b${escape(fn[1]!)}(?=\\s*\\()`, 'i'));
  const table = /^"([^"]+)" is not a dataset/.exec(message);
  if (table) return spotOf(sql, new RegExp(`(?<![\\w.])${escape(table[1]!)}(?![\\w])`, 'i'));
  const near = /at or near "([^"]+)"/.exec(message);
  if (near) return spotOf(sql, new RegExp(`(?<![\\w])${escape(near[1]!)}(?![\\w])`, 'i'));
  const line = /LINE (\d+):/.exec(message);
  if (line) return lineSpot(sql, Number(line[1]));
  return null;
}
