import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrichFixture, mx, type EnrichedFixture } from './enrich-fixture.ts';

const HOAX = 'URGENTE: a partir del lunes el gobierno va a quitar las pensiones a los adultos mayores que no actualicen sus datos en el banco, avisen a sus papas y abuelitos y compartan con todos sus contactos';
const COPIES = [
  HOAX,
  `↪️ Reenviado\n${HOAX} 🙏🙏`,
  HOAX.replace('lunes', 'martes').replace('abuelitos', 'abuelos'),
  `Me lo pasaron, no se si sea cierto: ${HOAX.toLowerCase()}`,
  HOAX.replace('URGENTE:', '*URGENTE*').replace(', avisen', '. Avisen'),
];
const OTHER_LONG = 'Buenas tardes, en nuestra colonia llevamos tres semanas sin recoleccion de basura y ya hay ratas en la calle principal, los vecinos ya reportamos al municipio y nadie hace nada, por favor ayudenos';
const PAIR_ONLY = 'Les comparto que en la escuela primaria de mi hijo no hay maestros de ingles desde hace dos meses y los padres de familia ya no sabemos a quien mas acudir para resolverlo';

let f: EnrichedFixture;

before(async () => {
  f = await enrichFixture([
    ...COPIES.map((body, i) => ({ phone: mx('81', 100 + i), body, id: `c-${i}` })),
    { phone: mx('81', 100), body: HOAX, id: 'c-again' },
    // Long and alike in topic, but a different text.
    { phone: mx('81', 200), body: OTHER_LONG, id: 'other' },
    // The same long text from two senders only: below chain_min_senders (3).
    { phone: mx('81', 300), body: PAIR_ONLY, id: 'p-1' },
    { phone: mx('81', 301), body: PAIR_ONLY, id: 'p-2' },
    // Short identical texts from many senders are common complaints, not chains.
    ...[1, 2, 3, 4, 5].map((n) => ({ phone: mx('81', 400 + n), body: 'no hay agua en la colonia', id: `s-${n}` })),
  ]);
});

after(() => f.close());

test('near copies of a long text from many senders form one chain, with its size in messages', async () => {
  const rows = await Promise.all([...COPIES.map((_, i) => f.message(`c-${i}`)), f.message('c-again')]);
  const ids = new Set(rows.map((r) => r.chain_id));
  assert.equal(ids.size, 1);
  assert.match(String(rows[0]!.chain_id), /^chain-[0-9a-f]{16}$/);
  for (const r of rows) assert.equal(r.chain_size, COPIES.length + 1);
});

test('different texts, texts from too few senders and short texts are not chains', async () => {
  for (const id of ['other', 'p-1', 'p-2', 's-1', 's-5']) {
    const r = await f.message(id);
    assert.equal(r.chain_id, null, id);
    assert.equal(r.chain_size, null, id);
  }
});

test('chain_min_senders is a setting', async () => {
  const two = await enrichFixture(
    [{ phone: mx('81', 300), body: PAIR_ONLY, id: 'p-1' }, { phone: mx('81', 301), body: PAIR_ONLY, id: 'p-2' }],
    [], { settings: { chain_min_senders: '2' } },
  );
  try {
    assert.equal((await two.message('p-1')).chain_size, 2);
  } finally {
    two.close();
  }
});
