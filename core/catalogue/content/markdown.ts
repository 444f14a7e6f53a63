import { Marked, type Tokens } from 'marked';

/**
 * Offer bodies are Markdown written by editors. Raw HTML in them is shown as text, not rendered, and a
 * link or image whose URL could run script (javascript:, data: …) is shown as its text, so an editor can
 * never inject markup or scripts into a public page.
 */
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // `false` hands a safe link or image back to marked's own renderer.
    link(token: Tokens.Link) { return isSafeUrl(token.href) ? false : this.parser.parseInline(token.tokens); },
    image: (token: Tokens.Image) => (isSafeUrl(token.href) ? false : escapeHtml(token.text)),
  },
});

/** Web, mail and phone links and relative URLs; anything else with a scheme (or an entity that might spell one) is not. */
const SAFE_URL = /^(?:https?:\/\/|mailto:|tel:|[/#?]|\.\.?\/)/i;

export function isSafeUrl(href: string): boolean {
  const url = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''); // browsers ignore these inside a scheme
  return SAFE_URL.test(url) || !/[:&]/.test(url);
}

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
