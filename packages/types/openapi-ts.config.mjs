// Types only: the client package generates its own runtime; this package must stay dependency-free.
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../../openapi/accesspackage.yaml',
  output: { path: 'src/gen' },
  plugins: ['@hey-api/typescript'],
});
