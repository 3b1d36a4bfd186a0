import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import express, { type Router } from 'express';

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

/** `GET /openapi.yaml` serves the contract as it is; `GET /docs` renders it. Neither needs a token. */
export function docsRoutes(specPath: string): Router {
  const spec = readFileSync(specPath, 'utf8');
  const router = express.Router();
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml; charset=utf-8').send(spec);
  });
  router.get(['/docs', '/docs/'], (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/docs-init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false }));
  return router;
}
