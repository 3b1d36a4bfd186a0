import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadContract } from '@accesspackage/openapi';
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

// Served as a file rather than inline so the page works under a strict Content-Security-Policy. The page renders the
// contract with "Try it out" aimed at this stub, wherever it runs: its own origin becomes the first server (the
// contract's Graph and 127.0.0.1:4010 entries stay selectable), and the admin routes' own servers point at it too.
// When the stub hands out a token (claims mode), the OAuth2 scheme is authorised with it already: the lock icons
// show it, "Authorize" shows it, "Logout" drops it.
const INIT = `(async () => {
  const [spec, config] = await Promise.all([
    fetch('/docs/openapi.json').then((r) => r.json()),
    fetch('/docs/config.json').then((r) => r.json()),
  ]);
  const here = window.location.origin;
  spec.servers = [{ url: here + '/beta', description: 'This stub' }].concat(
    (spec.servers || []).filter((s) => s.url !== here + '/beta'),
  );
  for (const item of Object.values(spec.paths || {})) {
    if (item.servers) item.servers = [{ url: here, description: "This stub's origin (admin routes live outside /beta)" }];
  }
  window.ui = SwaggerUIBundle({
    spec,
    dom_id: '#swagger-ui',
    deepLinking: true,
    onComplete: () => {
      if (!config.token) return;
      for (const [name, scheme] of Object.entries((spec.components || {}).securitySchemes || {})) {
        if (scheme.type !== 'oauth2') continue;
        window.ui.authActions.authorizeOauth2({
          auth: { name, schema: scheme },
          token: { access_token: config.token, token_type: 'Bearer', scope: config.scopes.join(' ') },
        });
      }
    },
  });
})();`;

export interface DocsOptions {
  /**
   * A token for the page to authorise "Try it out" with, made per page load; undefined when the stub should not
   * hand one out (strict mode verifies signatures, and off mode needs none).
   */
  devToken?: () => { token: string; scopes: string[] } | undefined;
}

/** `GET /openapi.yaml` serves the contract as it is; `GET /docs` renders it. Neither needs a token. */
export function docsRoutes(specPath: string, options: DocsOptions = {}): Router {
  const spec = readFileSync(specPath, 'utf8');
  const specJson = JSON.stringify(loadContract(specPath));
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
  router.get('/docs/openapi.json', (_req, res) => {
    res.type('application/json').send(specJson);
  });
  router.get('/docs/config.json', (_req, res) => {
    res.set('cache-control', 'no-store').json(options.devToken?.() ?? {});
  });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false }));
  return router;
}
