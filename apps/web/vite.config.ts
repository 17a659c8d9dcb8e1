// Dev: `pnpm --filter @flux/web dev` serves the app with hot reload and proxies /trpc and the
// webhooks to the API server (API_URL, default http://127.0.0.1:3000), so cookies stay same-origin.
// Build: `vite build` → dist/, which apps/server serves in production on the API's own origin.
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    proxy: {
      '/trpc': { target: api, changeOrigin: false },
      '/webhooks': { target: api, changeOrigin: false },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
  },
});
