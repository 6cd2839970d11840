// Serves files and canned API answers on a made-up origin inside the browser
// (page.route), for widget tests that need no server: states, tiers, choices,
// localization. The end-to-end tests use the real server instead.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

export const ORIGIN = 'http://store.test';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.md': 'text/markdown' };

/**
 * @param page playwright page
 * @param root directory served at ORIGIN/
 * @param api (method, path, body, headers) => {status, body} | undefined, for /v1/ paths
 * @param pages extra {path: html} served as text/html
 */
export async function fakeOrigin(page, { root, api, pages = {} }) {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (pages[url.pathname]) return route.fulfill({ status: 200, contentType: 'text/html', body: pages[url.pathname] });
    if (url.pathname.startsWith('/v1/')) {
      const reply = api ? await api(req.method(), url.pathname + url.search, req.postData(), req.headers()) : undefined;
      if (!reply) return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"not found"}' });
      if (reply.delay) await new Promise((r) => setTimeout(r, reply.delay));
      return route.fulfill({ status: reply.status || 200, contentType: 'application/json',
        body: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body) });
    }
    let file = join(root, decodeURIComponent(url.pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: TYPES[extname(file)] || 'application/octet-stream', body: readFileSync(file) });
  });
}
