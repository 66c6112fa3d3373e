import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src-renderer/lib/runs/markdown';

describe("a run's notes rendered from Markdown", () => {
  it('renders headings, emphasis, lists, code and links (opening outside the app)', () => {
    const html = renderMarkdown(
      '## Why\nThe **higher lr** _diverged_.\n\n- one\n- `two`\n\n[paper](https://arxiv.org/abs/2211.07614)',
    );
    expect(html).toContain('<h2>Why</h2>');
    expect(html).toContain('<strong>higher lr</strong> <em>diverged</em>');
    expect(html).toContain('<li><code>two</code></li>');
    expect(html).toContain(
      '<a href="https://arxiv.org/abs/2211.07614" target="_blank" rel="noopener noreferrer">paper</a>',
    );
  });

  it.each([
    '<script>window.pwned = 1</script>',
    '<img src=x onerror="window.pwned = 1">',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe srcdoc="<b>x</b>"></iframe>',
  ])('escapes the raw HTML %s instead of injecting it', (raw) => {
    const html = renderMarkdown(`before ${raw} after`);
    expect(html).not.toMatch(/<(script|img|iframe|a)\b/);
    expect(html).toContain(
      raw
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;'),
    );
  });

  it('refuses javascript:, vbscript: and data: links and loads no images', () => {
    for (const url of ['javascript:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,<b>x</b>'])
      expect(renderMarkdown(`[click](${url})`)).not.toContain('<a');
    expect(renderMarkdown('![tracker](https://example.com/pixel.png)')).not.toContain('<img');
  });
});
