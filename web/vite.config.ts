/** Builds the console into web/dist, which the service serves at `/` (src/console/). */
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  define: {
    // vue-i18n: messages are plain strings compiled at run time without eval; no legacy API.
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // A slow machine makes Rolldown report its plugins' timings, which tell an operator running
    // `npm start` nothing; real warnings still show.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    // `npx vite web` during development, with the service on :3000.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
