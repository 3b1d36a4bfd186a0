import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { type RequestHandler, type Router } from 'express';

// swagger-ui is served from the package's own files: the stub must work with no internet access.
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>accessPackage stub - API reference</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/docs-init.js"></script>
</body>
</html>`;

// Served as a file rather than inline so the page works under a strict Content-Security-Policy.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });`;

/**
 * The page runs only its own scripts and styles (swagger-ui sets inline style attributes), fetches
 * only the contract from the stub, may "Try it out" against the contract's servers, and cannot be
 * framed.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' https://graph.microsoft.com",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// The only files of swagger-ui-dist the page loads; nothing else of the package is served.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const docsHeaders: RequestHandler = (_req, res, next) => {
  res.set('Content-Security-Policy', DOCS_CSP);
  res.set('X-Frame-Options', 'DENY');
  next();
};

/** `GET /openapi.yaml` serves the contract as it is; `GET /docs` renders it. Neither needs a token. */
export function docsRoutes(specPath: string): Router {
  const spec = readFileSync(specPath, 'utf8');
  const router = express.Router();
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml; charset=utf-8').send(spec);
  });
  router.use('/docs', docsHeaders);
  router.get(['/docs', '/docs/'], (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/docs-init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  const assets = new Map(
    Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(join(SWAGGER_UI_DIR, name)) }]),
  );
  router.get('/docs/assets/:name', (req, res, next) => {
    const asset = Object.hasOwn(ASSETS, req.params.name) ? assets.get(req.params.name) : undefined;
    if (!asset) return next();
    res.set('Cache-Control', 'public, max-age=3600');
    res.type(asset.type).send(asset.body);
  });
  return router;
}
