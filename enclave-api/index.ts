/** Enclave API: authenticated, audited remote access to the releases through a sandboxed DuckDB. */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('enclave', import.meta.url);
