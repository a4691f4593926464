import { fileURLToPath } from 'node:url';
import type { MigrationSet } from './migrate.ts';

/** `migrationSet('catalog', import.meta.url)` → the `migrations/` folder beside the calling module's index. */
export function migrationSet(module: string, moduleUrl: string): MigrationSet {
  return { module, dir: fileURLToPath(new URL('./migrations', moduleUrl)) };
}
