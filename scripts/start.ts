/**
 * `npm start`: build the site if needed, then start the server.
 *
 * The Node flags of the start script (package.json; the benchmarks start the server with the same flags)
 * are memory settings, each measured with 1,000 offers (see the README's benchmark notes):
 * - `--max-semi-space-size=4`: V8's young generation is two semi-spaces; at 16 MB each they alone cost
 *   32–48 MB of resident memory. Requests here allocate little per request, so 4 MB scavenges as fast.
 * - `--max-old-space-size=256`: a ceiling far above the live heap (~50 MB), not a tuning knob.
 * - `--v8-pool-size=1`: one V8 worker thread instead of four. Each worker keeps its own malloc arena
 *   (~10 MB together); a server pinned to one core gains nothing from more.
 * - `--no-maglev`: Maglev (V8's mid-tier compiler) compiles in the background with up to ~20 MB of zone
 *   memory; Ignition, Sparkplug and TurboFan alone give the same request throughput.
 * - `--import=./scripts/compile-cache.mjs`: Node's compile cache, filled before the server's modules load
 *   (warmCompileCache below), so that Node never loads its TypeScript stripper (~15 MB; the file says why).
 */
import { ensureBuild } from './ensure-build.ts';
import { warmCompileCache } from './warm-compile-cache.ts';

if (import.meta.main) {
  ensureBuild();
  warmCompileCache();
  const { main } = await import('../server/server.ts');
  await main();
}
