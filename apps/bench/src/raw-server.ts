#!/usr/bin/env node
// The limit: node:http with the shared handler and nothing else. Prints its URL like the stub, then serves until killed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GRAPH_JSON, PACKAGES_PATH, type Reply, SameHandler } from './same-handler.js';

let handler: SameHandler;
const server = createServer((req, res) => {
  const send = (reply: Reply) => {
    const body = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': GRAPH_JSON, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (req.method === 'POST' && path === PACKAGES_PATH) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send({ status: 400, body: { error: { code: 'BadRequest', message: 'Not JSON.' } } });
      }
      send(handler.create(body));
    });
    return;
  }
  req.resume();
  if (req.method === 'GET' && path === PACKAGES_PATH) {
    return send(handler.list(Object.fromEntries(new URLSearchParams(q < 0 ? '' : url.slice(q + 1)))));
  }
  if (req.method === 'GET' && path.startsWith(`${PACKAGES_PATH}/`)) {
    return send(handler.get(decodeURIComponent(path.slice(PACKAGES_PATH.length + 1))));
  }
  send({ status: 404, body: { error: { code: 'NotFound', message: 'No such route.' } } });
});

server.listen(0, '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handler = new SameHandler(origin);
  process.stdout.write(`raw node:http listening on ${origin}/beta\n`);
});
process.on('SIGTERM', () => process.exit(0));
