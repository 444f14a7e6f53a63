import { Marked } from 'marked';

/**
 * Offer bodies are Markdown written by editors. Raw HTML in them is shown as text, not rendered, so an
 * editor can never inject markup or scripts into a public page.
 */
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
