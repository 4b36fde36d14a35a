import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server proxies the API to a server started with `npm run serve` (PORT 3000 by default).
const apiTarget = process.env.MEDRELAY_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/openapi.json': { target: apiTarget },
    },
  },
  build: {
    // Phones in China still run WeChat's built-in browser on older Android; stay on widely available syntax.
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: true,
    // scripts/bundle-size.ts walks the manifest to measure what the square loads first.
    manifest: true,
  },
});
