/** `npm start`: build the site if needed, then start the server. */
import { ensureBuild } from './ensure-build.ts';

ensureBuild();
await import('../server/server.ts');
