import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown } from '../../src/report/markdown-renderer.ts';

test('headings, paragraphs, lists, emphasis, code and links become HTML', () => {
  const html = renderMarkdown([
    '# La semana',
    '',
    'Texto con **negritas**, *cursiva*, _también_ y `código`,',
    'en dos líneas.',
    '',
    '- uno',
    '- dos con [enlace](https://ine.mx/lista)',
    '',
    '1. primero',
    '2. segundo',
    '',
    '> una cita',
    '',
    '```',
    'SELECT 1 < 2',
    '```',
  ].join('\n'));
  assert.match(html, /<h2 id="la-semana">La semana<\/h2>/);
  assert.match(html, /<p>Texto con <strong>negritas<\/strong>, <em>cursiva<\/em>, <em>también<\/em> y <code>código<\/code>, en dos líneas.<\/p>/);
  assert.match(html, /<ul><li>uno<\/li><li>dos con <a href="https:\/\/ine.mx\/lista">enlace<\/a><\/li><\/ul>/);
  assert.match(html, /<ol><li>primero<\/li><li>segundo<\/li><\/ol>/);
  assert.match(html, /<blockquote><p>una cita<\/p><\/blockquote>/);
  assert.match(html, /<pre><code>SELECT 1 &lt; 2<\/code><\/pre>/);
});

test('raw HTML and script links in a notebook stay text', () => {
  const html = renderMarkdown('Hola <script>alert(1)</script> y [clic](javascript:void) e <img src=x onerror=alert(1)>');
  assert.doesNotMatch(html, /<script|<img|href="javascript/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /y clic e/);
});

test('snake_case words and lone asterisks are not emphasis', () => {
  assert.equal(renderMarkdown('la tabla segment_issue_state y 2 * 3 * 4'), '<p>la tabla segment_issue_state y 2 * 3 * 4</p>');
});
