import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Contract, loadContract } from '@accesspackage/openapi';
import express, { type RequestHandler, type Router } from 'express';
import { sendJsonText } from '../http/json-answers.js';

// swagger-ui is served from the package's own files: the stub must work with no internet access. The build copies the
// page's few files into dist/swagger-ui (scripts/copy-swagger-ui.mjs), so an installed stub does not depend on
// swagger-ui-dist and its analytics post-install; run from the sources, the development dependency serves them.
const BUILT_SWAGGER_UI = join(__dirname, '..', 'swagger-ui');
const SWAGGER_UI_DIR = existsSync(BUILT_SWAGGER_UI)
  ? BUILT_SWAGGER_UI
  : dirname(require.resolve('swagger-ui-dist/package.json'));

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
// When the stub hands out tokens (claims mode), the OAuth2 scheme is authorised with one already (the lock icons show
// it, "Logout" drops it), and its flow points at the stub, which plays the Microsoft identity platform for the page:
// "Authorize" with the scopes ticked gets a stub token with just those permissions (tick only Read.All to see 403s).
const INIT = `(async () => {
  const here = window.location.origin;
  const [text, config] = await Promise.all([
    fetch('/docs/openapi.json').then((r) => r.text()),
    fetch('/docs/config.json').then((r) => r.json()),
  ]);
  // The contract's examples name the default address; the page names the one it is served from.
  const spec = JSON.parse(text.split('http://127.0.0.1:4010').join(here));
  // The page opens on its operations: the description's first paragraphs stay, the rest folds away.
  const description = (spec.info && spec.info.description) || '';
  const fold = description.indexOf('\\n## ');
  if (fold > 0) {
    spec.info.description = description.slice(0, fold) +
      '\\n\\n<details><summary>More about this stub: versions, errors, permissions, the lifecycle</summary>\\n\\n' +
      description.slice(fold + 1) + '\\n\\n</details>\\n';
  }
  // A correlation id is the caller's own, fresh per request: the field starts empty and an empty one gets a new GUID.
  const CLIENT_REQUEST_ID = 'client-request-id';
  const parameters = Object.values((spec.components || {}).parameters || {});
  for (const item of Object.values(spec.paths || {})) {
    for (const operation of Object.values(item)) if (operation && operation.parameters) parameters.push(...operation.parameters);
  }
  for (const parameter of parameters) {
    if (parameter && parameter.in === 'header' && parameter.name === CLIENT_REQUEST_ID) {
      delete parameter.example;
      delete parameter.examples;
    }
  }
  const guid = () => {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    const b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  };
  spec.servers = [{ url: here + '/beta', description: 'This stub' }].concat(
    (spec.servers || []).filter((s) => s.url !== here + '/beta'),
  );
  // A path's own servers: at this stub, under the versions they name (users and groups: /beta and /v1.0; admin routes: the origin).
  for (const item of Object.values(spec.paths || {})) {
    if (!item.servers) continue;
    const versions = [...new Set(item.servers.map((s) => new URL(s.url, here).pathname.replace(/\\/+$/, '')))];
    item.servers = versions.map((v) =>
      v ? { url: here + v, description: 'This stub, ' + v.slice(1) } : { url: here, description: "This stub's origin (admin routes live outside /beta)" },
    );
  }
  const schemes = (spec.components || {}).securitySchemes || {};
  if (config.token) {
    for (const scheme of Object.values(schemes)) {
      const flow = scheme.type === 'oauth2' && scheme.flows && scheme.flows.authorizationCode;
      if (!flow) continue;
      flow.authorizationUrl = here + '/docs/oauth2/authorize';
      flow.tokenUrl = here + '/docs/oauth2/token';
    }
  }
  window.ui = SwaggerUIBundle({
    spec,
    dom_id: '#swagger-ui',
    deepLinking: true,
    oauth2RedirectUrl: here + '/docs/assets/oauth2-redirect.html',
    requestInterceptor: (request) => {
      const headers = request.headers || (request.headers = {});
      if (!headers[CLIENT_REQUEST_ID]) headers[CLIENT_REQUEST_ID] = guid();
      return request;
    },
    onComplete: () => {
      if (!config.token) return;
      for (const [name, scheme] of Object.entries(schemes)) {
        if (scheme.type !== 'oauth2') continue;
        window.ui.authActions.authorizeOauth2({
          auth: { name, schema: scheme },
          token: { access_token: config.token, token_type: 'Bearer', scope: config.scopes.join(' ') },
        });
      }
    },
  });
  window.ui.initOAuth({ clientId: 'accesspackage-docs' });
})();`;

export interface DocsOptions {
  /**
   * Makes a token with the given permissions (default: all) for the page to authorise "Try it out" with; absent
   * when the stub should hand none out (strict mode verifies signatures, and off mode needs none).
   */
  devToken?: (scopes?: string[]) => { token: string; scopes: string[] };
  /** The contract as the app already parsed it, so that it is not parsed twice. Default: read from specPath. */
  contract?: Contract;
}

// The authorization code carries the scopes granted, and nothing else: the "identity platform" here asks no one.
const encodeCode = (scopes: string[]) => Buffer.from(JSON.stringify(scopes)).toString('base64url');
function decodeCode(code: unknown): string[] | undefined {
  try {
    const scopes: unknown = JSON.parse(Buffer.from(String(code), 'base64url').toString('utf8'));
    return Array.isArray(scopes) && scopes.every((s) => typeof s === 'string') ? scopes : undefined;
  } catch {
    return undefined;
  }
}

/** The OAuth 2.0 authorization-code endpoints the docs page's "Authorize" uses in claims mode. */
function oauth2Routes(router: Router, devToken: NonNullable<DocsOptions['devToken']>): void {
  router.get('/docs/oauth2/authorize', (req, res) => {
    const { redirect_uri: redirectUri, state, scope } = req.query;
    // Only back to a page of this stub: never an open redirect.
    let target: URL;
    try {
      target = new URL(String(redirectUri));
    } catch {
      res.status(400).type('text').send('redirect_uri must be an absolute URL of this stub.');
      return;
    }
    // A page of this stub: its host, over http(s) (`javascript:`, `data:` or a custom scheme could name the host too).
    if (target.host !== req.get('host') || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
      res.status(400).type('text').send('redirect_uri must be a page of this stub, over http or https.');
      return;
    }
    const scopes = String(scope ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    target.searchParams.set('code', encodeCode(scopes));
    if (typeof state === 'string') target.searchParams.set('state', state);
    res.redirect(302, target.toString());
  });
  router.post('/docs/oauth2/token', express.urlencoded({ extended: false }), (req, res) => {
    const scopes = req.body?.grant_type === 'authorization_code' ? decodeCode(req.body.code) : undefined;
    if (!scopes) {
      res.status(400).json({ error: 'invalid_grant', error_description: 'Unknown authorization code.' });
      return;
    }
    const issued = devToken(scopes);
    res.set('cache-control', 'no-store').json({
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: issued.scopes.join(' '),
    });
  });
}

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

// The only files of swagger-ui-dist the page loads (and the page its "Authorize" flow returns to); nothing else of
// the package is served.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'oauth2-redirect.html': 'text/html; charset=utf-8',
  'oauth2-redirect.js': 'application/javascript; charset=utf-8',
};

const docsHeaders: RequestHandler = (_req, res, next) => {
  res.set('Content-Security-Policy', DOCS_CSP);
  res.set('X-Frame-Options', 'DENY');
  next();
};

/** `GET /openapi.yaml` serves the contract as it is; `GET /docs` renders it. Neither needs a token. */
export function docsRoutes(specPath: string, options: DocsOptions = {}): Router {
  const spec = readFileSync(specPath, 'utf8');
  // Built on the first visit, not at start-up: most stubs never serve the docs page.
  let specJson: string | undefined;
  const json = () => {
    specJson ??= JSON.stringify(options.contract ?? loadContract(specPath));
    return specJson;
  };
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
  router.get('/docs/openapi.json', (_req, res) => {
    sendJsonText(res, json());
  });
  router.get('/docs/config.json', (_req, res) => {
    res.set('cache-control', 'no-store').json(options.devToken?.() ?? {});
  });
  if (options.devToken) oauth2Routes(router, options.devToken);
  // Read on first use (swagger-ui's bundle is over a megabyte), then kept.
  const assets = new Map<string, { type: string; body: Buffer }>();
  router.get('/docs/assets/:name', (req, res, next) => {
    const name = req.params.name;
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!type) return next();
    let asset = assets.get(name);
    if (!asset) {
      asset = { type, body: readFileSync(join(SWAGGER_UI_DIR, name)) };
      assets.set(name, asset);
    }
    res.set('Cache-Control', 'public, max-age=3600');
    res.type(asset.type).send(asset.body);
  });
  return router;
}
