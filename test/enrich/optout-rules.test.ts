import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrichFixture, mx, type EnrichedFixture } from './enrich-fixture.ts';

const OPTOUTS = [
  'baja', 'BAJA', 'Baja por favor', 'bajaaa', 'STOP', 'stop stop', 'ya no me escriban', 'Ya no me manden mensajes!!',
  'no quiero recibir mensajes', 'no quiero recibir mas mensajes de ustedes', 'dejen de mandarme mensajes', 'dejen d mandarme cosas',
  'sáquenme de su lista', 'saquenme d su lista porfa', 'borren mi numero', 'quiero darme de baja', 'me doy de baja',
  'denme de baja de la lista', 'ia les dije q me den d baja', 'no me vuelvan a escribir', 'no autorizo que me envíen mensajes',
  'Buenas tardes, por favor ya no me contacten', 'no me interesa, gracias', 'eliminenme del grupo', 'desuscribir',
  'no kiero recibir mensajes', 'basta de mensajes', 'ya estuvo bueno de mensajes, bájenme', 'favor de no enviar mas mensajes a este numero',
];
const NOT_OPTOUTS = [
  'no me baja el agua del tinaco', 'la luz baja y sube todo el dia', 'soy de baja california y no hay trabajo',
  'hay que bajar los precios', 'no me den de baja por favor, me interesa', 'la presion alta de mi mama no la atienden',
  'no me han mandado la despensa', 'ya no hay seguridad en la colonia', 'quiero saber cuando mandan las becas',
  'el alto costo de la vida', 'zona de alta inseguridad', 'se me baja la presion', 'a mi mamá la dieron de baja del seguro',
];
const OPTINS = ['alta', 'quiero volver a recibir mensajes', 'me vuelven a agregar porfa', 'suscribirme', 'reactivar mensajes', 'ya pueden volver a escribirme', 'denme de alta otra vez'];

let f: EnrichedFixture;

before(async () => {
  f = await enrichFixture([
    ...OPTOUTS.map((body, i) => ({ phone: mx('81', 100 + i), body, id: `out-${i}` })),
    ...NOT_OPTOUTS.map((body, i) => ({ phone: mx('81', 200 + i), body, id: `not-${i}` })),
    ...OPTINS.map((body, i) => ({ phone: mx('81', 300 + i), body, id: `in-${i}` })),
    // baja then alta: subscribed again; alta then baja: out, with the message that did it.
    { phone: mx('33', 1), body: 'baja', at: '2026-09-14T10:00:00Z', id: 'a1' },
    { phone: mx('33', 1), body: 'alta', at: '2026-09-14T12:00:00Z', id: 'a2' },
    { phone: mx('33', 2), body: 'alta', at: '2026-09-14T10:00:00Z', id: 'b1' },
    { phone: mx('33', 2), body: 'ya no me escriban', at: '2026-09-14T12:00:00Z', id: 'b2' },
    { phone: mx('33', 2), body: 'y arreglen la calle', at: '2026-09-14T13:00:00Z', id: 'b3' },
    // The campaign's own "baja" in a reply is not the contact opting out.
    { phone: mx('33', 3), body: 'Si quiere dejar de recibir mensajes responda baja', direction: 'out', id: 'c1' },
  ]);
});

after(() => f.close());

test('opt-out requests in their many forms are opt-out events', async () => {
  for (const [i, body] of OPTOUTS.entries()) {
    assert.equal((await f.message(`out-${i}`)).optout_event, 'optout', body);
  }
});

test('"baja", "alta", "no me escriban" inside other sentences are not events', async () => {
  for (const [i, body] of NOT_OPTOUTS.entries()) {
    assert.equal((await f.message(`not-${i}`)).optout_event, null, body);
  }
});

test('asking to receive messages again is an opt-in event', async () => {
  for (const [i, body] of OPTINS.entries()) {
    assert.equal((await f.message(`in-${i}`)).optout_event, 'optin', body);
  }
});

test('the last event decides: baja then alta is subscribed; alta then an opt-out is out since that message', async () => {
  const back = await f.sender(mx('33', 1));
  assert.equal(back.opted_out, false);
  assert.equal(back.opted_out_at, null);
  assert.equal(back.optout_message_id, null);
  const out = await f.sender(mx('33', 2));
  assert.equal(out.opted_out, true);
  assert.equal(out.optout_message_id, 'b2');
  assert.equal((out.opted_out_at as Date).toISOString(), '2026-09-14T12:00:00.000Z');
  assert.equal((await f.sender(mx('81', 100))).opted_out, true);
});

test("the campaign's outbound messages never opt anyone out", async () => {
  assert.equal((await f.message('c1')).optout_event, null);
  assert.equal((await f.sender(mx('33', 3))).opted_out, false);
});
