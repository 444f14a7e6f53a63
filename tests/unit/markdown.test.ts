/** Offer bodies: editors' Markdown becomes HTML on public pages, and must never carry markup or scripts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../core/catalogue/content/markdown.ts';
import { markdownToText } from '../../core/catalogue/content/plain-text.ts';

describe('renderMarkdown', () => {
  it('renders headings, lists, emphasis and ordinary links', () => {
    const html = renderMarkdown('## Hvem er det for?\n\n- én\n- *to*\n\n[Læs mere](https://www.sundhed.dk/) eller [ring](tel:70000110)');
    expect(html).toContain('<h2>Hvem er det for?</h2>');
    expect(html).toContain('<li><em>to</em></li>');
    expect(html).toContain('<a href="https://www.sundhed.dk/">Læs mere</a>');
    expect(html).toContain('<a href="tel:70000110">ring</a>');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    'tekst <b onclick="x">fed</b> tekst',
    '<iframe src="https://example.com"></iframe>',
    '<!-- kommentar --><style>body{display:none}</style>',
  ])('shows raw HTML as text: %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/<(script|img|b|iframe|style|!--)\b/i);
    expect(html).toContain('&#60;');
  });

  it('never lets raw HTML through, whatever the editor writes', () => {
    const pieces = fc.constantFrom('<script>', '</script>', '<img src=x onerror=alert(1)>', '<a href="x">', '<div>', '## ', '- ', '*', '`', '\n', '\n\n', 'tekst', '"', "'", '&', '>');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')), (source) => {
      expect(renderMarkdown(source)).not.toMatch(/<(script|img|div)\b|<a href="x"/i);
    }));
  });

  // An editor must not be able to put a script behind a link or image on a public offer page.
  it.each([
    '[klik](javascript:alert(1))',
    '[klik](JaVaScRiPt:alert(1))',
    '<javascript:alert(1)>',
    '[klik][a]\n\n[a]: javascript:alert(1)',
    '![billede](javascript:alert(1))',
    '[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[klik](java%09script:alert(1))',
    '[klik](javascript&colon;alert(1))',
  ])('does not render a script URL as a link: %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/(href|src)="\s*(javascript|vbscript|data)/i);
    expect(html).not.toMatch(/<a |<img /);
  });

  it.each([
    ['[sundhed.dk](https://www.sundhed.dk)', 'href="https://www.sundhed.dk"'],
    ['[skriv](mailto:rute42@aadal.example.dk)', 'href="mailto:rute42@aadal.example.dk"'],
    ['[ring](tel:+4570000610)', 'href="tel:+4570000610"'],
    ['[søg](/soeg?q=stress&tema=stress)', 'href="/soeg?q=stress&amp;tema=stress"'],
    ['[afsnit](#tilmelding)', 'href="#tilmelding"'],
  ])('keeps a safe link: %s', (source, attribute) => {
    expect(renderMarkdown(source)).toContain(attribute);
  });
});

describe('markdownToText', () => {
  it('keeps the words and drops the markup', () => {
    expect(markdownToText('## Overskrift\n\n- **fed** og [et link](https://x.dk)\n\n```\nkode\n```\n![billede](a.png)'))
      .toBe('Overskrift fed og et link');
  });
});
