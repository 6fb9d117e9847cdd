// Two pages: the app (index.html) and GraphiQL (graphiql.html), built into dist/ and embedded
// in the skillgraph binary. Hashed asset names let the server cache them for a year.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // No inline data: URLs for scripts; small images may still be inlined (CSP allows data: images).
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        app: resolve(__dirname, 'index.html'),
        graphiql: resolve(__dirname, 'graphiql.html'),
      },
    },
  },
  server: {
    proxy: { '/graphql': 'http://localhost:8080', '/config.json': 'http://localhost:8080', '/credentials': 'http://localhost:8080' },
  },
});
