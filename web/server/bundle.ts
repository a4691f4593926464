/**
 * Bundles the browser code (`web/client/main.ts`, with the ECharts modules it imports) in-process with esbuild
 * when the server starts: no build step, no CDN. The result is kept in memory with a content hash for ETags.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Bundle {
  js: string;
  etag: string;
  builtInMs: number;
}

const ENTRY = fileURLToPath(new URL('../client/main.ts', import.meta.url));

let cached: Promise<Bundle> | null = null;

/**
 * The client bundle, built once per process (every app instance shares it; a failed build is retried on the
 * next call). Rejects with esbuild's messages on a compile error.
 */
export function clientBundle(): Promise<Bundle> {
  cached ??= buildClientBundle().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

/** Builds the client bundle (minified ES2020 module) afresh. */
export async function buildClientBundle(): Promise<Bundle> {
  const started = performance.now();
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]?.text ?? '';
  const etag = `"${createHash('sha256').update(js).digest('base64url').slice(0, 20)}"`;
  return { js, etag, builtInMs: Math.round(performance.now() - started) };
}
