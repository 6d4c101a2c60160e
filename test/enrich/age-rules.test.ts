import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrichFixture, mx, type EnrichedFixture } from './enrich-fixture.ts';

const STATED: Array<[string, number | null]> = [
  ['tengo 23 años y no encuentro trabajo', 23], ['A mis 67 años sigo esperando mi pensión', 67],
  ['soy una señora de 70 años y no hay medicinas', 70], ['Tengo 38 y hubo una balacera anoche', 38],
  ['soy mamá soltera de 43 años', 43], ['soy un sr d 57 años', 57], ['tengo 45 años de edad', 45], ['nací en 1990', 36],
  ['tengo 20 años viviendo en esta colonia y nunca habia pasado', null], ['tengo 15 meses buscando chamba', null],
  ['tengo 30 pesos para toda la semana', null], ['hace 20 años que no arreglan la calle', null], ['en mis 30 años de servicio', null],
  ['a mis 10 años ya trabajaba', null], ['tengo treinta y dos años', 32], ['a mis setenta años', 70],
  ['tengo treinta años viviendo aqui', null],
];

let f: EnrichedFixture;

before(async () => {
  f = await enrichFixture(
    [
      ...STATED.map(([body], i) => ({ phone: mx('81', 100 + i), body, id: `s-${i}`, at: '2026-09-14T18:00:00Z' })),
      { phone: mx('81', 1), body: 'tengo 23 años' },
      { phone: mx('81', 2), body: 'no hay agua', at: '2026-09-14T18:00:00Z' },
      { phone: mx('81', 3), body: 'soy jubilado y no me alcanza la pensión' },
      { phone: mx('81', 4), body: 'soy estudiante de prepa y no hay becas' },
      { phone: mx('81', 5), body: 'tengo 44 años' },
      { phone: mx('81', 5), body: 'soy jubilada' },
      { phone: mx('81', 6), body: 'la calle esta llena de baches' },
      { phone: mx('81', 7), body: 'tengo 29 años' },
    ],
    [
      { phone: mx('81', 1), age: 52 },
      { phone: mx('81', 2), birthYear: 1960 },
    ],
  );
});

after(() => f.close());

test('an age stated in a message is read; durations, counts and childhood memories are not ages', async () => {
  for (const [i, [body, age]] of STATED.entries()) {
    assert.equal((await f.message(`s-${i}`)).stated_age, age, body);
  }
});

test('a declared age beats one stated in a message; a birth year counts at the year of the messages', async () => {
  const declared = await f.sender(mx('81', 1));
  assert.deepEqual([declared.age, declared.age_band, declared.age_source, declared.age_confidence], [52, '45-54', 'declared', 1]);
  const born = await f.sender(mx('81', 2));
  assert.deepEqual([born.age, born.age_band, born.age_source], [66, '65+', 'declared']);
});

test('a stated age sets the band from the message; life stages give a low-confidence band', async () => {
  const stated = await f.sender(mx('81', 100));
  assert.deepEqual([stated.age, stated.age_band, stated.age_source], [23, '18-24', 'message']);
  const retired = await f.sender(mx('81', 3));
  assert.deepEqual([retired.age, retired.age_band, retired.age_source], [null, '65+', 'message']);
  assert.ok((retired.age_confidence as number) < (stated.age_confidence as number));
  const student = await f.sender(mx('81', 4));
  assert.equal(student.age_band, '18-24');
  const both = await f.sender(mx('81', 5));
  assert.deepEqual([both.age, both.age_band], [44, '35-44'], 'a number beats a life stage');
  const unknown = await f.sender(mx('81', 6));
  assert.deepEqual([unknown.age, unknown.age_band, unknown.age_source], [null, null, null]);
});

test('age bands come from the age_bands setting', async () => {
  const custom = await enrichFixture([{ phone: mx('81', 7), body: 'tengo 29 años' }], [], { settings: { age_bands: '18-29, 30-49, 50+' } });
  try {
    assert.equal((await custom.sender(mx('81', 7))).age_band, '18-29');
  } finally {
    custom.close();
  }
});
