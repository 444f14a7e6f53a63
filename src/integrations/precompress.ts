/**
 * After `astro build`, writes a gzip and a brotli copy next to every compressible file in dist/client, so
 * the server (@fastify/static, preCompressed) sends CSS, JS and SVG compressed without compressing them
 * per request. Fonts (woff2) and images are compressed already. Small files too (a page's own script is
 * a few hundred bytes, and brotli halves it); a copy is kept only where it saves more than the
 * `content-encoding` header it costs.
 */
import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(css|js|mjs|svg|html|xml|txt|json|ico)$/;
/** About what `content-encoding: br` adds to an answer's headers. */
const MIN_SAVING = 32;

export function precompressFiles(dir: string): number {
  let count = 0;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) { count += precompressFiles(file); continue; }
    if (!COMPRESSIBLE.test(name)) continue;
    const body = readFileSync(file);
    const copies = {
      gz: gzipSync(body, { level: 9 }),
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    };
    let kept = false;
    for (const [extension, copy] of Object.entries(copies)) {
      if (copy.length + MIN_SAVING >= body.length) continue;
      writeFileSync(`${file}.${extension}`, copy);
      kept = true;
    }
    if (kept) count += 1;
  }
  return count;
}

export function precompress(): AstroIntegration {
  return {
    name: 'indsatskatalog:precompress',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        // In server output, `dir` is the client folder: the files the server sends as they are.
        const count = precompressFiles(fileURLToPath(dir));
        logger.info(`${count} files precompressed (gzip, brotli)`);
      },
    },
  };
}
