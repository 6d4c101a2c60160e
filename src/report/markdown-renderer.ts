/**
 * The small Markdown notebooks need, rendered to HTML: headings, paragraphs, bullet and numbered
 * lists, block quotes, fenced code, emphasis, inline code and links. Everything is escaped: raw
 * HTML in a notebook shows as text, so a notebook cannot inject script into a page that carries
 * data. Links keep only http(s), mailto and in-page (#) targets.
 */
import { escapeHtml } from './html-page.ts';

export function renderMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^(```+|~~~+)\s*(\S*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.startsWith(fence[1]!)) body.push(lines[i++]!);
      i++;
      out.push(`<pre><code${fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : ''}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + 1);
      out.push(`<h${level} id="${slug(heading[2]!)}">${inline(heading[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^\s*>\s?/, ''));
      out.push(`<blockquote>${renderMarkdown(quoted.join('\n'))}</blockquote>`);
      continue;
    }
    const listKind = listItem(line);
    if (listKind) {
      const items: string[] = [];
      while (i < lines.length && listItem(lines[i]!) === listKind) {
        let item = lines[i++]!.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '');
        // Continuation lines: indented text that is not a new item.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]!) && !listItem(lines[i]!)) item += ` ${lines[i++]!.trim()}`;
        items.push(`<li>${inline(item)}</li>`);
      }
      out.push(`<${listKind}>${items.join('')}</${listKind}>`);
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i]!.trim() && !startsBlock(lines[i]!)) paragraph.push(lines[i++]!.trim());
    out.push(`<p>${inline(paragraph.join(' '))}</p>`);
  }
  return out.join('\n');
}

function listItem(line: string): 'ul' | 'ol' | undefined {
  if (/^\s{0,3}[-*+]\s+\S/.test(line)) return 'ul';
  if (/^\s{0,3}\d+[.)]\s+\S/.test(line)) return 'ol';
  return undefined;
}

function startsBlock(line: string): boolean {
  return /^(#{1,6}\s|```|~~~|\s*>)/.test(line) || listItem(line) !== undefined;
}

/** Inline markup over escaped text: `code`, **strong**, *em* / _em_, [text](url). */
export function inline(text: string): string {
  const codes: string[] = [];
  let html = escapeHtml(text).replace(/`([^`]+)`/g, (_m, code: string) => {
    codes.push(`<code>${code}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  html = html
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) => {
      const target = href.replace(/&amp;/g, '&');
      return /^(https?:|mailto:|#)/i.test(target) ? `<a href="${escapeHtml(target)}">${label}</a>` : label;
    })
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  return html.replace(/\u0000(\d+)\u0000/g, (_m, n: string) => codes[Number(n)]!);
}

/** An id for a heading: lower case, accents dropped, words joined by '-'. */
export function slug(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'seccion';
}
