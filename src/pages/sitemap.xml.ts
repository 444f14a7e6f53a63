/** Sitemap of the public pages: front page, task-type pages and every published offer. */
import type { APIRoute } from 'astro';
import { offerPath, taskTypePath } from '../consts.ts';
import { escapeHtml } from '../../core/catalogue/content/markdown.ts';
import { TASK_TYPES } from '../../core/catalogue/taxonomy.ts';

export const GET: APIRoute = ({ locals, site, url }) => {
  const origin = (site ?? url).origin;
  const entries = [
    { path: '/' },
    ...TASK_TYPES.map((t) => ({ path: taskTypePath(t.slug) })),
    ...locals.catalogue.offers().map((o) => ({ path: offerPath(o.slug) })),
  ];
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.map((e) => `  <url><loc>${escapeHtml(origin + e.path)}</loc></url>`).join('\n')}
</urlset>
`;
  return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
};
