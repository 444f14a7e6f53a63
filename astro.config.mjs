// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import { contentValidation } from './src/integrations/content-validation.ts';
import { precompress } from './src/integrations/precompress.ts';

export default defineConfig({
  // Pages render on request inside the Fastify server (server/plugins/astro.ts), which hands them the
  // content store and search engine through Astro.locals.
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  integrations: [contentValidation(), precompress()],
  trailingSlash: 'never',
  vite: {
    // No inline scripts: the Content-Security-Policy allows scripts from files of this origin only.
    build: { assetsInlineLimit: 0 },
    // src/styles/dkfds.scss compiles the design system's own Sass; its deprecation warnings are dkfds's to fix.
    css: { preprocessorOptions: { scss: { quietDeps: true, silenceDeprecations: ['if-function'] } } },
    resolve: {
      // dkfds exports only its JS entry; its CSS, fonts and icons live in dist/.
      alias: { '@dkfds': fileURLToPath(new URL('./node_modules/dkfds/dist', import.meta.url)) },
    },
  },
});
