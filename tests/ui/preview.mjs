// Serves ui/ on 127.0.0.1 (a random port) with the fake IPC backend injected,
// so the UI can be opened in a plain or headless browser:
//
//   node tests/ui/preview.mjs            # prints the address, serves until Ctrl+C
//   node tests/ui/preview.mjs --port 8123
//
// The served index.html gets `<script src="/fake-tauri.js"></script>` before
// main.js; nothing under ui/ is changed. Responses carry the app's strict CSP,
// so an inline style or script in the UI shows up as a console error here too.

import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const UI_DIR = path.resolve(here, '../../ui');
const FAKE = path.join(here, 'fake-tauri.js');

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Starts the preview server.
 * @param {{ port?: number }} [opts]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function startServer({ port = 0 } = {}) {
  const server = http.createServer(async (req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': CSP,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(body);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let rel = decodeURIComponent(url.pathname);
      if (rel === '/' || rel === '/index.html') {
        const index = await readFile(path.join(UI_DIR, 'index.html'), 'utf8');
        const injected = index.replace(
          '<script type="module" src="main.js"></script>',
          '<script src="/fake-tauri.js"></script>\n    <script type="module" src="main.js"></script>',
        );
        if (injected === index) throw new Error('could not find the main.js script tag in ui/index.html');
        return send(200, TYPES['.html'], injected);
      }
      // Browsers ask for a favicon; the app has none (Tauri never asks).
      if (rel === '/favicon.ico') return send(204, 'image/x-icon', '');
      if (rel === '/fake-tauri.js') return send(200, TYPES['.js'], await readFile(FAKE));
      const file = path.resolve(UI_DIR, `.${rel}`);
      if (!file.startsWith(UI_DIR + path.sep)) return send(403, 'text/plain', 'forbidden');
      const body = await readFile(file);
      return send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
    } catch (e) {
      return send(404, 'text/plain; charset=utf-8', `not found: ${e instanceof Error ? e.message : e}`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({
        url: `http://127.0.0.1:${addr.port}/`,
        close: () => new Promise((done) => server.close(() => done(undefined))),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 0;
  const { url } = await startServer({ port });
  console.log(url);
}
