/**
 * Preloaded by `npm start` (`--import=./scripts/compile-cache.mjs`, before any TypeScript file): turns on
 * Node's compile cache, which keeps each module's type-stripped source and V8 code on disk.
 *
 * Why: Node strips TypeScript types with a WebAssembly build of swc that it loads at the first .ts file;
 * the compiler, its memory and its 3.8 MB of JavaScript stay resident for the life of the process (about
 * 15 MB of the server's memory). With every module in the cache, it is never loaded. `npm run build` and
 * `npm start` fill the cache (scripts/warm-compile-cache.ts); a module changed since then is stripped once.
 *
 * Plain JavaScript: this file is loaded before type stripping could be avoided. Node's own
 * NODE_COMPILE_CACHE, when set, takes precedence. An unwritable folder only means no cache.
 */
import module from 'node:module';
import path from 'node:path';

export const COMPILE_CACHE_DIR = path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'node-compile-cache');

module.enableCompileCache?.(COMPILE_CACHE_DIR);
