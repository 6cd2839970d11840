// A store stand-in for the embedding tests: a Node HTTP server on its own port
// (reached as http://shop.localhost:PORT, another origin than the Stepwise
// server) serving the pages a test puts into `pages` and the files in `files`
// ({path: file on disk}, sent as JavaScript).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export function startShop({ files = {} } = {}) {
  const pages = {};
  const srv = createServer((req, res) => {
    if (files[req.url]) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(files[req.url]));
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (pages[req.url]) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(pages[req.url]);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => {
    const port = srv.address().port;
    resolve({ port, origin: `http://shop.localhost:${port}`, pages, close: () => new Promise((r) => srv.close(r)) });
  }));
}
