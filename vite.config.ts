import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Builds the renderer only; the Electron main and preload are bundled by scripts/build-electron.ts.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
