#!/usr/bin/env node
// Bare express 5 with the shared handler: what the stub would cost if express itself were all it did.
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { GRAPH_JSON, PACKAGES_PATH, type Reply, SameHandler } from './same-handler.js';

let handler: SameHandler;
const app = express();
// As the stub sets them: no ETag (hashing every body), no X-Powered-By, flat query strings (express 5's default).
app.set('etag', false);
app.disable('x-powered-by');
const send = (res: Response, reply: Reply) => res.status(reply.status).type(GRAPH_JSON).json(reply.body);
app.get(PACKAGES_PATH, (req, res) => send(res, handler.list(req.query as Record<string, string | undefined>)));
app.get(`${PACKAGES_PATH}/:id`, (req, res) => send(res, handler.get(req.params.id)));
app.post(PACKAGES_PATH, express.json(), (req, res) => send(res, handler.create(req.body)));

const server = app.listen(0, '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handler = new SameHandler(origin);
  process.stdout.write(`bare express listening on ${origin}/beta\n`);
});
process.on('SIGTERM', () => process.exit(0));
