import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../../openapi/accesspackage.yaml',
  output: { path: 'src/gen' },
  plugins: ['@hey-api/typescript', '@hey-api/client-fetch', '@hey-api/sdk'],
});
