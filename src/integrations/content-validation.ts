/**
 * Fails `astro build` when any offer file is invalid, naming the file and the field. At runtime the
 * server keeps serving the last valid version of a broken file instead (see OfferStore).
 */
import type { AstroIntegration } from 'astro';
import { OfferStore } from '../../db/content/offer-store.ts';

export function contentValidation(contentDir = process.env.CONTENT_DIR || 'content'): AstroIntegration {
  return {
    name: 'indsatskatalog:content-validation',
    hooks: {
      'astro:build:start': ({ logger }) => {
        const store = new OfferStore({ contentDir });
        store.assertValid();
        logger.info(`${store.all().length} offers in ${contentDir}/offers are valid`);
      },
    },
  };
}
