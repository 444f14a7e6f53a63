/** Ends the session (POST with the CSRF token) and returns to the front page. */
import type { APIRoute } from 'astro';

export const POST: APIRoute = async ({ locals, request }) => {
  const ws = locals.workspace;
  if (!ws) return new Response(null, { status: 503 });
  const form = await request.formData().catch(() => null);
  // Logging out without a valid token would let other sites sign users out; the session simply stays.
  if (ws.user && !ws.csrfMatches(form?.get('_csrf'))) return new Response(null, { status: 303, headers: { location: '/arbejde' } });
  return new Response(null, { status: 303, headers: { location: '/', 'set-cookie': await ws.signOut() } });
};
