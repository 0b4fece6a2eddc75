// The Vite dev server as docs/bundlers.md configures it (isolation headers, parfor not pre-bundled),
// serving the repository, with `parfor` the built browser entry. Returns what chromium.ts's run() takes.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

export async function viteDevServer(): Promise<{ url: string; close(): Promise<void> }> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dev = await createServer({
    root,
    logLevel: 'silent',
    configFile: false,
    resolve: { alias: { parfor: `${root}dist/browser/index.js` } },
    optimizeDeps: { exclude: ['parfor'], noDiscovery: true },
    server: {
      host: '127.0.0.1',
      port: 0,
      hmr: false,
      ws: false,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
    worker: { format: 'es' },
  });
  await dev.listen();
  return { url: dev.resolvedUrls!.local[0]!.replace(/\/$/, ''), close: () => dev.close() };
}
