/**
 * Run by warmCompileCache (scripts/warm-compile-cache.ts) with the compile cache on: loads the server's
 * modules, entries included (imported, neither starts anything), and writes the cache.
 */
import module from 'node:module';

await import('../server/server.ts');
await import('./start.ts');
module.flushCompileCache();
