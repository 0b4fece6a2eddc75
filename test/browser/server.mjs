// A static file server on loopback for the browser tests: serves the repository, with the
// cross-origin isolation headers (COOP/COEP) unless `isolated` is false. One path is made, not
// read: /_test/fast-check.js, fast-check bundled into one ES module by esbuild (its package
// imports pure-rand by bare specifiers, which a page cannot resolve), in memory, once per process.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

let fastCheck;
function bundledFastCheck() {
  fastCheck ??= import('esbuild').then(async ({ build }) => {
    const out = await build({
      stdin: { contents: "export { default } from 'fast-check';", resolveDir: root },
      bundle: true,
      format: 'esm',
      write: false,
    });
    return out.outputFiles[0].contents;
  });
  return fastCheck;
}

export function serve({ isolated = true, port = 0 } = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = path === '/_test/fast-check.js' ? await bundledFastCheck() : await readFile(join(root, path));
      const headers = { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (isolated) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) }),
    ),
  );
}
