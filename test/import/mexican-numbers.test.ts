import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validMexicanNumberSql } from '../../src/import/mexican-numbers.ts';
import { normalisePhone } from '../../src/import/phone-normaliser.ts';
import { seededRandom } from '../reliability/reliability-data.ts';
import { memoryContext } from '../helpers.ts';

test('the SQL check of +52 numbers agrees with libphonenumber-js on every 3- and 4-digit prefix and on random numbers', async () => {
  const random = seededRandom(52);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const numbers: string[] = [];
  for (let prefix = 0; prefix < 10_000; prefix++) {
    const p = String(prefix).padStart(4, '0');
    numbers.push(`+52${p}${digits(6)}`);
    if (prefix < 1000) numbers.push(`+52${p.slice(1)}0000000`, `+52${p.slice(1)}9999999`);
  }
  for (let i = 0; i < 5000; i++) numbers.push(`+52${digits(10)}`);
  numbers.push('+52551234567', '+5255123456789', '+52 5512345678', '+525512345678x', '+15512345678', '');
  const { warehouse } = await memoryContext();
  await warehouse.run('CREATE TEMP TABLE numbers (candidate VARCHAR)');
  await warehouse.run('INSERT INTO numbers SELECT unnest($list::VARCHAR[])', { list: `[${numbers.map((n) => `'${n}'`).join(',')}]` });
  const rows = await warehouse.all<{ candidate: string; valid: boolean }>(
    `SELECT candidate, (${validMexicanNumberSql('candidate')}) IS TRUE AS valid FROM numbers`);
  assert.equal(rows.length, numbers.length);
  const fast = rows.filter((r) => r.valid).length;
  assert.ok(fast > numbers.length / 3, `most generated numbers are decided in SQL (${fast} of ${numbers.length})`);
  const disagree = rows.filter(({ candidate, valid }) => {
    const parsed = normalisePhone(candidate);
    // Valid in SQL means: valid for libphonenumber-js, and already its own E.164.
    return valid !== (parsed.ok && parsed.e164 === candidate) && !(valid === false && !/^\+52\d{10}$/.test(candidate));
  });
  assert.deepEqual(disagree.slice(0, 5), []);
  // A candidate the SQL check leaves out goes to normalisePhone, so only a false "valid" would change a result.
  assert.deepEqual(rows.filter((r) => r.valid && !normalisePhone(r.candidate).ok).slice(0, 5), []);
});
