import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrichFixture, mx, type EnrichedFixture } from './enrich-fixture.ts';

// Issue classification is off in this file: every message has no issue, so support and insults count as noise.
const CASES: Array<[string | null, string | null, string | null]> = [
  // [body, media, expected noise]
  ['hola', null, 'greeting'], ['Buenas tardes!!', null, 'greeting'], ['buen dia', null, 'greeting'], ['que tal', null, 'greeting'],
  ['holaaaa 😊', null, 'greeting'], ['Hola, hay alguien?', null, 'greeting'], ['gracias', null, 'greeting'], ['👋', null, 'greeting'], ['🙏', null, 'greeting'], ['👍', null, 'support'],
  [null, 'image', 'media'], ['', 'audio', 'media'], [null, 'sticker', 'sticker'], ['😂😂😂', null, 'sticker'],
  ['vamos con todo', null, 'support'], ['cuenten con mi voto', null, 'support'], ['💪🗳️', null, 'support'],
  ['ya tienen mi votooo', null, 'support'], ['los apoyamoos', null, 'support'], ['me encantaron sus propuestas', null, 'support'],
  ['Gana dinero desde casa, entra a www.ejemplo-promo.com', null, 'spam'], ['INVIERTE EN BITCOIN Y DUPLICA TU DINERO', null, 'spam'],
  ['vendo tamales, pedidos por aqui', null, 'spam'], ['pinches rateros', null, 'spam'], ['vayanse a la v*rga', null, 'spam'],
  ['jajajajaja', null, 'spam'], ['asdfgh', null, 'spam'], ['🤡', null, 'spam'],
  ['no hay agua en mi colonia desde el lunes', null, null], ['¿cómo puedo ayudar?', null, null],
  ['me bajaron de mi carro a la fuerza', null, null], ['foto del bache de mi calle', 'image', null], ['baja', null, null],
];

let f: EnrichedFixture;

before(async () => {
  f = await enrichFixture([
    ...CASES.map(([body, media], i) => ({ phone: mx('81', 100 + i), body, media, id: `n-${i}` })),
    { phone: mx('81', 1), body: 'hola', direction: 'out', id: 'reply' },
  ]);
});

after(() => f.close());

test('each message gets at most one noise value: greeting, media, sticker, support or spam', async () => {
  for (const [i, [body, media, expected]] of CASES.entries()) {
    assert.equal((await f.message(`n-${i}`)).noise, expected, `${JSON.stringify(body)} ${media ?? ''}`);
  }
});

test('noise is flagged, never deleted; outbound replies carry no noise', async () => {
  const { warehouse } = f.context;
  assert.equal(await warehouse.scalar('SELECT count(*) FROM messages'), CASES.length + 1);
  assert.equal(await warehouse.scalar('SELECT count(*) FROM message_enrichment'), CASES.length + 1);
  assert.equal((await f.message('reply')).noise, null);
});
