import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  countryDataFiles,
  indexCountryData,
  loadCountryData,
  normaliseAlias,
} from '../../src/enrich/country-data.ts';

const data = loadCountryData('mx');
const isoCodes = new Set(data.states.map((s) => s.isoCode));
const index = indexCountryData(data);

test('32 states with unique INEGI and ISO codes', () => {
  assert.equal(data.states.length, 32);
  assert.equal(new Set(data.states.map((s) => s.inegiCode)).size, 32);
  assert.equal(isoCodes.size, 32);
  assert.equal(new Set(data.states.map((s) => s.abbr)).size, 32);
  assert.deepEqual(
    data.states.map((s) => s.inegiCode),
    Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0')),
  );
  for (const s of data.states) assert.match(s.isoCode, /^MX-[A-Z]{3}$/);
  assert.equal(index.stateByIso.get('MX-CMX')?.inegiCode, '09');
  assert.equal(index.stateByIso.get('MX-NLE')?.abbr, 'NL');
  assert.equal(index.stateByIso.get('MX-ROO')?.timeZone, 'America/Cancun');
  assert.equal(index.stateByIso.get('MX-SON')?.timeZone, 'America/Hermosillo');
  assert.equal(index.stateByIso.get('MX-BCN')?.timeZone, 'America/Tijuana');
  assert.equal(index.stateByIso.get('MX-CHH')?.timeZone, 'America/Chihuahua');
});

test('every time zone is one the runtime knows', () => {
  const zones = new Set([...data.states.map((s) => s.timeZone), ...data.timeZoneOverrides.map((t) => t.timeZone)]);
  for (const zone of zones) {
    assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone: zone }), zone);
  }
  for (const t of data.timeZoneOverrides) assert.ok(isoCodes.has(t.isoCode), `${t.key} -> ${t.isoCode}`);
});

test('population 2020 sums to the census total (126,014,024)', () => {
  const total = data.states.reduce((n, s) => n + s.population2020, 0);
  assert.equal(total, 126_014_024);
});

test('normaliseAlias: lower case, no accents, punctuation to spaces', () => {
  assert.equal(normaliseAlias('  Cd. Juárez, CHIH. '), 'cd juarez chih');
  assert.equal(normaliseAlias('N.L.'), 'n l');
  assert.equal(normaliseAlias('Edo. Méx.'), 'edo mex');
  assert.equal(normaliseAlias('Q. Roo'), 'q roo');
  assert.equal(normaliseAlias('Nezahualcóyotl'), 'nezahualcoyotl');
  assert.equal(normaliseAlias('OAXAQUEÑA'), 'oaxaquena');
  assert.equal(normaliseAlias('San Luis Potosí—S.L.P.'), 'san luis potosi s l p');
});

test('aliases: normalised, unique, pointing at known states', () => {
  assert.ok(data.aliases.length >= 300, `only ${data.aliases.length} aliases`);
  const seen = new Set<string>();
  for (const a of data.aliases) {
    assert.ok(isoCodes.has(a.isoCode), `${a.alias} -> ${a.isoCode}`);
    assert.equal(normaliseAlias(a.alias), a.alias, `alias not normalised: '${a.alias}'`);
    assert.ok(['state', 'abbr', 'city', 'colloquial', 'ambiguous'].includes(a.kind), `${a.alias}: kind ${a.kind}`);
    assert.ok(!seen.has(a.alias), `duplicate alias ${a.alias}`);
    seen.add(a.alias);
  }
  const expect: Array<[string, string]> = [
    ['N.L.', 'MX-NLE'], ['nl', 'MX-NLE'], ['Monterrey', 'MX-NLE'], ['la sultana del norte', 'MX-NLE'], ['MTY', 'MX-NLE'],
    ['Edomex', 'MX-MEX'], ['Edo. Méx.', 'MX-MEX'], ['Estado de México', 'MX-MEX'], ['Ecatepec', 'MX-MEX'], ['Neza', 'MX-MEX'],
    ['CDMX', 'MX-CMX'], ['D.F.', 'MX-CMX'], ['Ciudad de México', 'MX-CMX'], ['chilangolandia', 'MX-CMX'],
    ['Q. Roo', 'MX-ROO'], ['QRoo', 'MX-ROO'], ['Cancún', 'MX-ROO'], ['Playa del Carmen', 'MX-ROO'],
    ['B.C.', 'MX-BCN'], ['Tijuana', 'MX-BCN'], ['BCS', 'MX-BCS'], ['S.L.P.', 'MX-SLP'],
    ['Coahuila de Zaragoza', 'MX-COA'], ['Veracruz de Ignacio de la Llave', 'MX-VER'], ['Michoacán de Ocampo', 'MX-MIC'],
    ['Guadalajara', 'MX-JAL'], ['Zapopan', 'MX-JAL'], ['Tlaquepaque', 'MX-JAL'], ['GDL', 'MX-JAL'], ['La Perla Tapatía', 'MX-JAL'],
    ['Guanajas', 'MX-GUA'], ['Irapuato', 'MX-GUA'], ['Celaya', 'MX-GUA'],
    ['Cd. Juárez', 'MX-CHH'], ['Ciudad Juarez', 'MX-CHH'], ['Mérida', 'MX-YUC'], ['Querétaro', 'MX-QUE'],
    ['Toluca', 'MX-MEX'], ['Torreón', 'MX-COA'], ['Hermosillo', 'MX-SON'], ['Culiacán', 'MX-SIN'], ['Acapulco', 'MX-GRO'],
    ['Xalapa', 'MX-VER'], ['Villahermosa', 'MX-TAB'], ['Tuxtla Gutiérrez', 'MX-CHP'], ['Los Cabos', 'MX-BCS'],
    ['Reynosa', 'MX-TAM'], ['Nuevo Laredo', 'MX-TAM'], ['Chetumal', 'MX-ROO'], ['Pachuca', 'MX-HID'],
  ];
  for (const [text, iso] of expect) assert.equal(index.alias(text)?.isoCode, iso, text);
  // ambiguous words are present but flagged, never plain state/city rows
  for (const word of ['mexico', 'leon', 'juarez', 'la paz', 'son', 'ver', 'sin', 'col']) {
    assert.equal(index.alias(word)?.kind, 'ambiguous', word);
  }
  assert.equal(index.alias('paz'), undefined);
});

test('area codes: each lada has one known primary state; key ladas map right', () => {
  const ladas = new Set<string>();
  for (const a of data.areaCodes) {
    assert.match(a.lada, /^(33|55|56|81|[2-9]\d\d)$/, a.lada);
    assert.ok(!ladas.has(a.lada), `duplicate lada ${a.lada}`);
    ladas.add(a.lada);
    assert.ok(isoCodes.has(a.isoCode), `${a.lada} -> ${a.isoCode}`);
    for (const s of a.shared) {
      assert.ok(isoCodes.has(s), `${a.lada} shared ${s}`);
      assert.notEqual(s, a.isoCode);
    }
    assert.ok(a.source.startsWith('libphonenumber') || a.source.startsWith('supplement'), a.source);
  }
  assert.ok(data.areaCodes.length > 380, `only ${data.areaCodes.length} ladas`);
  const byLada = new Map(data.areaCodes.map((a) => [a.lada, a]));
  const expect: Record<string, string> = {
    '55': 'MX-MEX', '56': 'MX-MEX', '81': 'MX-NLE', '33': 'MX-JAL', '664': 'MX-BCN', '663': 'MX-BCN',
    '998': 'MX-ROO', '999': 'MX-YUC', '222': 'MX-PUE', '656': 'MX-CHH', '987': 'MX-ROO', '442': 'MX-QUE',
    '477': 'MX-GUA', '614': 'MX-CHH', '686': 'MX-BCN', '871': 'MX-COA', '867': 'MX-TAM', '427': 'MX-QUE',
  };
  for (const [lada, iso] of Object.entries(expect)) assert.equal(byLada.get(lada)?.isoCode, iso, `lada ${lada}`);
  assert.deepEqual(byLada.get('55')?.shared, ['MX-CMX']);
  assert.deepEqual(byLada.get('56')?.shared, ['MX-CMX']);
  // every state is reached by at least one lada (CDMX only through 55/56, which it shares)
  const reached = new Set(data.areaCodes.flatMap((a) => [a.isoCode, ...a.shared]));
  for (const iso of isoCodes) assert.ok(reached.has(iso), `no lada for ${iso}`);
});

test('national numbers resolve to lada, state and local time zone', () => {
  assert.equal(index.areaCodeOf('5512345678')?.lada, '55');
  assert.equal(index.areaCodeOf('(33) 1234 5678')?.isoCode, 'MX-JAL');
  assert.equal(index.areaCodeOf('6641234567')?.isoCode, 'MX-BCN');
  assert.equal(index.areaCodeOf('9981234567')?.isoCode, 'MX-ROO');
  assert.equal(index.timeZoneOfLada('656'), 'America/Ciudad_Juarez');
  assert.equal(index.timeZoneOfLada('614'), 'America/Chihuahua');
  assert.equal(index.timeZoneOfLada('998'), 'America/Cancun');
  assert.equal(index.timeZoneOfLada('662'), 'America/Hermosillo');
  assert.equal(index.timeZoneOfLada('868'), 'America/Matamoros');
  assert.equal(index.timeZoneOfLada('55'), 'America/Mexico_City');
});

test('electorate: 32 states x 6 bands, total plausible (~98-100 million)', () => {
  const bands = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
  assert.equal(data.electorate.length, 32 * bands.length);
  const keys = new Set<string>();
  for (const r of data.electorate) {
    assert.ok(isoCodes.has(r.isoCode), r.isoCode);
    assert.ok(bands.includes(r.ageBand), r.ageBand);
    assert.ok(r.voters > 0);
    assert.ok(r.isEstimate, 'every row is labelled as an estimate');
    keys.add(`${r.isoCode}|${r.ageBand}`);
  }
  assert.equal(keys.size, 32 * bands.length);
  const total = data.electorate.reduce((n, r) => n + r.voters, 0);
  assert.ok(total > 97_000_000 && total < 101_000_000, `total ${total}`);
  // voters never exceed the 2020 population of the state
  for (const s of data.states) {
    const v = data.electorate.filter((r) => r.isoCode === s.isoCode).reduce((n, r) => n + r.voters, 0);
    assert.ok(v < s.population2020, `${s.isoCode}: ${v} voters vs ${s.population2020} people`);
    assert.ok(v > s.population2020 * 0.6, `${s.isoCode}: ${v} voters is implausibly few`);
  }
});

test('shapes: 32 features, iso_codes match states.csv, small file, credit present', () => {
  const text = readFileSync(data.shapesPath, 'utf8');
  assert.ok(text.length < 300_000, `states.geo.json is ${text.length} bytes`);
  const fc = JSON.parse(text) as { type: string; features: Array<{ properties: { iso_code: string; name: string }; geometry: { type: string } }> };
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.features.length, 32);
  assert.deepEqual(new Set(fc.features.map((f) => f.properties.iso_code)), isoCodes);
  for (const f of fc.features) {
    assert.ok(f.properties.name);
    assert.ok(['Polygon', 'MultiPolygon'].includes(f.geometry.type));
  }
  assert.match(data.credit, /Natural Earth/);
  assert.match(data.credit, /libphonenumber/);
});

test('shapes are wound for d3-geo: every state covers a small area, not the globe', async () => {
  const d3GeoName: string = 'd3-geo';
  const { geoArea } = (await import(d3GeoName)) as { geoArea: (f: unknown) => number };
  const fc = JSON.parse(readFileSync(data.shapesPath, 'utf8')) as { features: Array<{ properties: { iso_code: string } }> };
  for (const f of fc.features) {
    const area = geoArea(f);
    assert.ok(area > 0 && area < 0.01, `${f.properties.iso_code}: ${area} sr`);
  }
});

test('the CSVs load into DuckDB with read_csv', async () => {
  const files = countryDataFiles('mx');
  const db = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const con = await db.connect();
  try {
    const q = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();
    const lit = (p: string) => `'${p.replace(/'/g, "''")}'`;
    const [states] = await q(`select count(*)::int as n, sum(population_2020)::bigint as pop from read_csv(${lit(files.states)}, types={'inegi_code': 'VARCHAR'})`);
    assert.equal(states!.n, 32);
    assert.equal(states!.pop, 126_014_024n);
    const [aliases] = await q(`select count(*)::int as n from read_csv(${lit(files.aliases)}) a join read_csv(${lit(files.states)}) s using (iso_code)`);
    assert.equal(aliases!.n, data.aliases.length);
    const [codes] = await q(
      `select count(*)::int as n from read_csv(${lit(files.areaCodes)}, types={'lada': 'VARCHAR'}) c join read_csv(${lit(files.states)}) s using (iso_code)`,
    );
    assert.equal(codes!.n, data.areaCodes.length);
    const [voters] = await q(`select sum(voters)::bigint as n from read_csv(${lit(files.electorate)})`);
    assert.equal(voters!.n, BigInt(data.electorate.reduce((n, r) => n + r.voters, 0)));
  } finally {
    con.closeSync();
  }
});
