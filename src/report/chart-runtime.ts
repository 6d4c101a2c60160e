/**
 * The in-page chart runtime: vega and vega-lite from node_modules, inlined (no CDN; the page opens
 * with no network), and a small boot script that compiles each embedded Vega-Lite spec, renders it
 * as SVG (crisp in print), shows tooltips, and records the outcome on the chart's element
 * (`data-rendered="ok"` or `"error: …"`) and in the console, so a headless browser can check it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** `<script>` elements with vega, vega-lite and the boot script (about 800 KB, cached per process). */
export function chartRuntimeScripts(): string {
  if (!cached) {
    const vega = readFileSync(join(packageBuildDir('vega'), 'vega.min.js'), 'utf8');
    const vegaLite = readFileSync(join(packageBuildDir('vega-lite'), 'vega-lite.min.js'), 'utf8');
    cached = [vega, vegaLite, BOOT_SCRIPT].map((code) => `<script>${inlineScript(code)}</script>`).join('\n');
  }
  return cached;
}

function packageBuildDir(name: string): string {
  // Both packages' main entry lives in build/, beside the minified browser bundle.
  return dirname(fileURLToPath(import.meta.resolve(name)));
}

/** A script's text made safe inside an inline <script> element. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const BOOT_SCRIPT = `(function () {
  'use strict';
  var tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('role', 'tooltip');
  document.body.appendChild(tip);
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function tooltip(handler, event, item, value) {
    if (value === null || value === undefined || value === '') { tip.style.display = 'none'; return; }
    tip.innerHTML = typeof value === 'object'
      ? '<table>' + Object.keys(value).map(function (key) {
          return '<tr><th>' + esc(key.trim()) + '</th><td>' + esc(value[key]) + '</td></tr>';
        }).join('') + '</table>'
      : esc(value);
    tip.style.display = 'block';
    var box = tip.getBoundingClientRect();
    var x = event.clientX + 14, y = event.clientY + 14;
    if (x + box.width > window.innerWidth - 4) x = Math.max(4, event.clientX - box.width - 14);
    if (y + box.height > window.innerHeight - 4) y = Math.max(4, event.clientY - box.height - 14);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  var specs = document.querySelectorAll('script.vl-spec');
  var pending = specs.length, failures = 0;
  function finished() {
    if (--pending > 0) return;
    document.documentElement.setAttribute('data-charts', failures ? 'error' : 'ok');
    document.querySelectorAll('[data-chart-box]').forEach(function (el) {
      var r = el.getBoundingClientRect();
      el.setAttribute('data-box', [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height].map(Math.round).join(','));
    });
  }
  if (!pending) document.documentElement.setAttribute('data-charts', 'ok');
  specs.forEach(function (script) {
    var id = script.getAttribute('data-chart');
    var target = document.getElementById('chart-' + id);
    function fail(error) {
      failures++;
      var message = (error && error.message) || String(error);
      if (target) target.setAttribute('data-rendered', 'error: ' + message);
      console.error('chart ' + id + ' failed: ' + message);
    }
    try {
      var spec = JSON.parse(script.textContent);
      var compiled = vegaLite.compile(spec).spec;
      var view = new vega.View(vega.parse(compiled), { renderer: 'svg', container: target, hover: true, logLevel: vega.Warn });
      view.tooltip(tooltip);
      view.runAsync().then(function () {
        if (target.querySelector('svg')) target.setAttribute('data-rendered', 'ok');
        else fail(new Error('no svg drawn'));
      }, fail).then(finished);
    } catch (error) {
      fail(error);
      finished();
    }
  });
  window.addEventListener('scroll', function () { tip.style.display = 'none'; }, { passive: true });
})();`;
