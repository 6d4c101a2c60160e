import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { importMessageFile } from '../../src/import/import-runner.ts';
import { tempDir } from '../helpers.ts';
import { buzonSync } from '../reliability/crash-harness.ts';

const MESSAGES = 'message_id,sender,sent_at,direction,body\nm1,+52 55 1234 5678,2026-09-14T21:05:31-06:00,in,hola\nm2,+52 81 8765 4321,2026-09-14T21:06:00-06:00,in,buenas\n';

test('buzon init creates the warehouse and a 256-bit key readable only by its owner, and never overwrites a key', () => {
  const dir = tempDir();
  const db = join(dir, 'campana.duckdb');
  const created = buzonSync(['--db', db, 'init']);
  assert.equal(created.code, 0, created.stderr);
  assert.ok(existsSync(db));
  const key = `${db}.key`;
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.match(readFileSync(key, 'utf8'), /^[0-9a-f]{64}\n$/, '32 random bytes, hex');
  assert.match(created.stderr, /created key .*campana\.duckdb\.key \(mode 0600\)/);

  const before = readFileSync(key, 'utf8');
  const again = buzonSync(['--db', db, 'init']);
  assert.equal(again.code, 1);
  assert.equal(again.stderr.trim().split('\n').length, 1);
  assert.match(again.stderr, /a key file already exists; buzon init never overwrites a key/);
  assert.equal(readFileSync(key, 'utf8'), before);

  const other = join(dir, 'otra.duckdb');
  writeFileSync(`${other}.key`, 'not mine\n', { mode: 0o600 });
  assert.equal(buzonSync(['--db', other, 'init']).code, 1, 'an existing key file is never replaced, even a broken one');
  assert.equal(readFileSync(`${other}.key`, 'utf8'), 'not mine\n');
});

test('the key file can live elsewhere: --key-file or BUZON_KEY_FILE', () => {
  const dir = tempDir();
  const secrets = join(dir, 'secrets');
  mkdirSync(secrets, { mode: 0o700 });
  const db = join(dir, 'w.duckdb');
  const keyFile = join(secrets, 'w.key');
  assert.equal(buzonSync(['--db', db, '--key-file', keyFile, 'init']).code, 0);
  assert.ok(existsSync(keyFile));
  assert.ok(!existsSync(`${db}.key`), 'no key beside the warehouse');
  const file = join(dir, 'm.csv');
  writeFileSync(file, MESSAGES);
  const imported = buzonSync(['--db', db, 'import', file], { BUZON_KEY_FILE: keyFile });
  assert.equal(imported.code, 0, imported.stderr);
  const viaEnv = join(dir, 'env.duckdb');
  const envKey = join(secrets, 'env.key');
  assert.equal(buzonSync(['--db', viaEnv, 'init'], { BUZON_KEY_FILE: envKey }).code, 0);
  assert.equal(statSync(envKey).mode & 0o777, 0o600);
});

test('each warehouse derives different sender keys for the same person, none a plain hash of the number', async () => {
  const dir = tempDir();
  const file = join(dir, 'm.csv');
  writeFileSync(file, MESSAGES);
  const keysOf = async (name: string) => {
    const db = join(dir, name);
    assert.equal(buzonSync(['--db', db, 'init']).code, 0);
    const context = await openContext({ db, logger: createMemoryLogger() });
    await importMessageFile(context, file);
    const rows = await context.warehouse.all<{ sender_key: string }>('SELECT sender_key FROM messages ORDER BY message_id');
    context.warehouse.close();
    return rows.map((r) => r.sender_key);
  };
  const a = await keysOf('a.duckdb');
  const b = await keysOf('b.duckdb');
  assert.equal(a.length, 2);
  for (const k of [...a, ...b]) assert.match(k, /^[0-9a-f]{32}$/);
  assert.equal(a.filter((k) => b.includes(k)).length, 0, 'no sender key in common');
  const plain = ['+525512345678', '525512345678', '5512345678'].map((n) => createHash('sha256').update(n).digest('hex').slice(0, 32));
  assert.equal(a.filter((k) => plain.includes(k)).length, 0, 'a dictionary of hashed numbers finds nobody');
});
