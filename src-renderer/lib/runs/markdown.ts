/** A run's notes as HTML: Markdown with raw HTML escaped (never injected) and unsafe links refused. */
import MarkdownIt from 'markdown-it';

// html: false escapes every tag in the text; markdown-it's link check refuses javascript:, vbscript:,
// file: and data: URLs; images are off so a note never loads anything from elsewhere.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true }).disable('image');

// Links open outside the app (the app and mdm serve never navigate away from their own page).
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('target', '_blank');
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

/** The HTML of a note, safe to insert into the page. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
