/** The build-time check: `astro build` fails on bad content, naming the file and the field. */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { AstroIntegrationLogger } from 'astro';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentValidation } from '../../src/integrations/content-validation.ts';
import { CONTENT_DIR, OFFER_FIXTURES, copyContent, markdownFiles } from './helpers.ts';

function runBuildStart(contentDir: string) {
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn(), options: {}, label: 'test', fork: vi.fn() };
  const hook = contentValidation(contentDir).hooks['astro:build:start'];
  if (!hook) throw new Error('the integration has no astro:build:start hook');
  const run = () => hook({ logger: logger as unknown as AstroIntegrationLogger } as Parameters<typeof hook>[0]);
  return { run, logger };
}

describe('content-validation integration', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => { cleanup?.(); cleanup = undefined; });

  it('passes on the demo content and logs the number of offers', () => {
    const { run, logger } = runBuildStart(CONTENT_DIR);
    expect(() => run()).not.toThrow();
    const count = markdownFiles(path.join(CONTENT_DIR, 'offers')).length;
    expect(logger.info).toHaveBeenCalledWith(`${count} offers in ${CONTENT_DIR}/offers are valid`);
  });

  it('throws on a content folder with a bad file, naming the file and the field', () => {
    const content = copyContent();
    cleanup = content.cleanup;
    copyFileSync(path.join(OFFER_FIXTURES, 'invalid/age-max-below-min.md'), path.join(content.offersDir, 'age-max-below-min.md'));
    const { run, logger } = runBuildStart(content.dir);
    expect(() => run()).toThrow(/age-max-below-min\.md:\n {2}- field "age\.max": skal være mindst »Fra alder«/);
    expect(logger.info).not.toHaveBeenCalled();
  });

  it('throws when an offer names an unknown provider unit', () => {
    const content = copyContent();
    cleanup = content.cleanup;
    copyFileSync(path.join(OFFER_FIXTURES, 'invalid-references/unknown-unit.md'), path.join(content.offersDir, 'unknown-unit.md'));
    expect(() => runBuildStart(content.dir).run()).toThrow(/unknown-unit\.md:\n {2}- field "provider\.unit"/);
  });
});
