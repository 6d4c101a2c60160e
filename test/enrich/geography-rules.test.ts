import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrichFixture, mx, type EnrichedFixture } from './enrich-fixture.ts';

// One warehouse for the whole file: every case below uses its own invented numbers.
const DECLARED: Array<[string, string]> = [
  ['Edo. de México', 'MX-MEX'], ['Edomex', 'MX-MEX'], ['NL', 'MX-NLE'], ['N.L.', 'MX-NLE'], ['Nvo. León', 'MX-NLE'],
  ['cdmx', 'MX-CMX'], ['DF', 'MX-CMX'], ['Nuevo León', 'MX-NLE'], ['Baja Cal.', 'MX-BCN'], ['Q. Roo', 'MX-ROO'],
  ['Monterrey, N.L.', 'MX-NLE'], ['19', 'MX-NLE'], ['MX-YUC', 'MX-YUC'], ['QUE', 'MX-QUE'],
];
const CHAIN = 'URGENTE compartan: en Jalisco y en todo el pais van a cortar la luz tres dias a partir del lunes, llenen sus tinacos y carguen sus celulares, avisen a sus familiares y vecinos';

let f: EnrichedFixture;

before(async () => {
  f = await enrichFixture(
    [
      { phone: mx('664', 1), body: 'no hay agua en la colonia' },
      { phone: mx('33', 2), body: 'aqui en monterrey ya no hay agua desde el lunes' },
      { phone: mx('33', 2), body: 'y los precios siguen subiendo' },
      { phone: mx('55', 3), body: 'la inseguridad esta terrible' },
      { phone: mx('81', 3), body: 'la inseguridad esta terrible' },
      { phone: mx('81', 4), body: 'vivo en Puebla y el transporte es carisimo' },
      { phone: mx('81', 4), body: 'en puebla no hay medicinas' },
      { phone: mx('81', 4), body: 'mi hermana en Oaxaca tambien sufre' },
      // "león" is a person's name here, "victoria" a word, "México" the country, "que" a word: the area code stands.
      { phone: mx('999', 5), body: 'mi hijo leon se quedo sin trabajo, que victoria ni que nada, en mexico todo sube' },
      ...[1, 2, 3, 4].map((n) => ({ phone: mx('999', 10 + n), body: CHAIN })),
      { phone: mx('999', 11), body: 'ademas no hay agua' },
      { phone: '+12125550123', body: 'desde nueva york apoyando' },
      { phone: mx('656', 6), body: 'ya no hay seguridad' },
      { phone: mx('81', 7), body: 'aqui en quintana roo el sargazo no deja trabajar' },
      ...DECLARED.map((_, i) => ({ phone: mx('222', 100 + i), body: 'saludos desde tijuana' })),
    ],
    DECLARED.map(([state], i) => ({ phone: mx('222', 100 + i), state })),
  );
});

after(() => f.close());

test('a Tijuana area code alone gives Baja California from the area code, on Tijuana time', async () => {
  const s = await f.sender(mx('664', 1));
  assert.equal(s.country, 'MX');
  assert.equal(s.state_code, 'MX-BCN');
  assert.equal(s.state_source, 'area_code');
  assert.equal(s.time_zone, 'America/Tijuana');
});

test('a place named in the messages overrides the area code', async () => {
  const s = await f.sender(mx('33', 2));
  assert.equal(s.state_code, 'MX-NLE');
  assert.equal(s.state_source, 'message');
  assert.equal(s.time_zone, 'America/Monterrey');
});

test('a declared state wins over messages and area code, whatever way it is written', async () => {
  for (const [i, [declared, expected]] of DECLARED.entries()) {
    const s = await f.sender(mx('222', 100 + i));
    assert.equal(s.state_code, expected, `declared '${declared}'`);
    assert.equal(s.state_source, 'declared');
    assert.equal(s.state_confidence, 1);
  }
});

test('a shared area code (55: Mexico City and State of Mexico) is less certain than a single-state one', async () => {
  const valle = await f.sender(mx('55', 3));
  const nl = await f.sender(mx('81', 3));
  // The likelier of the two (more of the metro area's people live in its State-of-Mexico part), with low confidence.
  assert.equal(valle.state_code, 'MX-MEX');
  assert.equal(nl.state_code, 'MX-NLE');
  assert.ok((valle.state_confidence as number) < (nl.state_confidence as number), 'shared lada must be less confident');
});

test('the most named state wins; words that are also names or common words do not count', async () => {
  assert.equal((await f.sender(mx('81', 4))).state_code, 'MX-PUE');
  const yucatan = await f.sender(mx('999', 5));
  assert.equal(yucatan.state_code, 'MX-YUC');
  assert.equal(yucatan.state_source, 'area_code');
});

test('places inside chain messages do not count', async () => {
  const s = await f.sender(mx('999', 11));
  assert.equal(s.state_code, 'MX-YUC');
  assert.equal(s.state_source, 'area_code');
});

test('stretched letters do not hide a place, and real double letters in a name still match', async () => {
  const s = await f.sender(mx('81', 7));
  assert.deepEqual([s.state_code, s.state_source, s.time_zone], ['MX-ROO', 'message', 'America/Cancun']);
});

test('a foreign number gets its country and no state; a border lada keeps its own zone', async () => {
  const us = await f.sender('+12125550123');
  assert.equal(us.country, 'US');
  assert.equal(us.state_code, null);
  assert.equal(us.state_source, null);
  const juarez = await f.sender(mx('656', 6));
  assert.equal(juarez.state_code, 'MX-CHH');
  assert.equal(juarez.time_zone, 'America/Ciudad_Juarez');
});
