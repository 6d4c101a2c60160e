/**
 * Draws data/mx/states.geo.json as a Vega-Lite choropleth (population 2020 by state) to check the shapes by eye:
 * Mexico must look like Mexico with 32 filled states (a wrongly wound ring fills the whole frame instead).
 *
 * Run: cd /work/main && node --import tsx scripts/mx-data/render-check.ts [out-dir]
 * Writes <out-dir>/mx-states.svg (default out-dir: /tmp/mx-data-check) and, when `rsvg-convert` is installed
 * (Debian: apt-get install -y librsvg2-bin), <out-dir>/mx-states.png.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { loadCountryData } from '../../src/enrich/country-data.ts';

const outDir = process.argv[2] ?? '/tmp/mx-data-check';
mkdirSync(outDir, { recursive: true });
const data = loadCountryData('mx');
const shapes = JSON.parse(readFileSync(data.shapesPath, 'utf8'));

const spec: vl.TopLevelSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: { text: 'Población 2020 por estado (INEGI)', subtitle: data.credit.slice(0, 120) },
  width: 800,
  height: 540,
  background: 'white',
  projection: { type: 'mercator' },
  data: { values: shapes, format: { type: 'json', property: 'features' } },
  transform: [
    {
      lookup: 'properties.iso_code',
      from: {
        data: { values: data.states.map((s) => ({ iso_code: s.isoCode, abbr: s.abbr, population: s.population2020 })) },
        key: 'iso_code',
        fields: ['abbr', 'population'],
      },
    },
  ],
  layer: [
    {
      mark: { type: 'geoshape', stroke: 'white', strokeWidth: 0.6 },
      encoding: {
        color: { field: 'population', type: 'quantitative', scale: { type: 'log', scheme: 'blues' }, title: 'Población' },
        tooltip: [{ field: 'properties.name', title: 'Estado' }, { field: 'population', format: ',' }],
      },
    },
  ],
};

const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
const svg = await view.toSVG();
const svgPath = join(outDir, 'mx-states.svg');
writeFileSync(svgPath, svg);
console.log(`wrote ${svgPath} (${svg.length} bytes, ${(svg.match(/<path/g) ?? []).length} paths)`);
try {
  const pngPath = join(outDir, 'mx-states.png');
  execFileSync('rsvg-convert', ['-o', pngPath, svgPath]);
  console.log(`wrote ${pngPath}`);
} catch {
  console.log('rsvg-convert not available: open the SVG instead');
}
