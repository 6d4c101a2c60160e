import assert from 'node:assert/strict';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { openContext } from '../../src/db/context.ts';
import { Warehouse } from '../../src/db/warehouse.ts';
import { WarehouseKey, loadOrCreateKey, senderKeySql } from '../../src/db/warehouse-key.ts';
import { tempDir } from '../helpers.ts';

test('sender keys computed in DuckDB equal the HMAC computed in Node', async () => {
  const key = WarehouseKey.random();
  const warehouse = await Warehouse.open(':memory:');
  const numbers = ['+525512345678', '+528112345678', '+14155552671'];
  for (const e164 of numbers) {
    const inSql = await warehouse.scalar(`SELECT ${senderKeySql('$n')}`, { ...key.sqlParams(), n: e164 });
    assert.equal(inSql, key.senderKey(e164));
  }
  warehouse.close();
});

test('two warehouses give the same person different sender keys', () => {
  assert.notEqual(WarehouseKey.random().senderKey('+525512345678'), WarehouseKey.random().senderKey('+525512345678'));
});

test('the key file is created once with mode 0600 and reused', () => {
  const path = join(tempDir(), 'w.duckdb.key');
  const first = loadOrCreateKey(path);
  assert.equal(first.created, true);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const second = loadOrCreateKey(path);
  assert.equal(second.created, false);
  assert.equal(second.key.senderKey('+525512345678'), first.key.senderKey('+525512345678'));
});

test('a warehouse refuses a key file that is not its own', async () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  const context = await openContext({ db, logger: createMemoryLogger() });
  context.warehouse.close();
  writeFileSync(`${db}.key`, `${WarehouseKey.random().toHex()}\n`, { mode: 0o600 });
  await assert.rejects(openContext({ db, logger: createMemoryLogger() }), /does not belong to this warehouse/);
});

test('a warehouse whose key file is missing is refused and no new key is written', async () => {
  const db = join(tempDir(), 'w.duckdb');
  const context = await openContext({ db, logger: createMemoryLogger() });
  context.warehouse.close();
  rmSync(`${db}.key`);
  await assert.rejects(openContext({ db, logger: createMemoryLogger() }), /warehouse key file not found/);
  assert.equal(existsSync(`${db}.key`), false);
});
