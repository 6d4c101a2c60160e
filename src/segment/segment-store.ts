import { userInfo } from 'node:os';
import { ConfigError, UsageError } from '../core/errors.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { audienceColumns } from './audience-columns.ts';
import { compileWhere } from './filter-compiler.ts';

/** A saved audience filter (`buzon segment save NAME --where ...`). */
export type SegmentDefinition = {
  name: string;
  where_text: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/i;

/** Saves (or replaces) a segment after checking its filter compiles; returns whether it replaced one. */
export async function saveSegment(warehouse: Warehouse, name: string, whereText: string): Promise<{ replaced: boolean }> {
  if (!NAME.test(name)) throw new UsageError(`segment name "${name}": use letters, digits, _ and - (at most 63)`);
  compileWhere(whereText, audienceColumns());
  const existing = await findSegment(warehouse, name);
  const who = currentUser();
  if (existing) {
    await warehouse.run('UPDATE segment_definitions SET where_text = $where, updated_at = now() WHERE name = $name', { name, where: whereText });
  } else {
    await warehouse.run(
      'INSERT INTO segment_definitions (name, where_text, created_by, created_at, updated_at) VALUES ($name, $where, $who, now(), now())',
      { name, where: whereText, who },
    );
  }
  return { replaced: Boolean(existing) };
}

export async function listSegments(warehouse: Warehouse): Promise<SegmentDefinition[]> {
  return warehouse.all<SegmentDefinition>('SELECT * FROM segment_definitions ORDER BY name');
}

export async function findSegment(warehouse: Warehouse, name: string): Promise<SegmentDefinition | undefined> {
  return warehouse.one<SegmentDefinition>('SELECT * FROM segment_definitions WHERE name = $name', { name });
}

/** The segment, or a one-line error that says how to see the saved ones. */
export async function getSegment(warehouse: Warehouse, name: string): Promise<SegmentDefinition> {
  const segment = await findSegment(warehouse, name);
  if (!segment) throw new ConfigError(`no saved segment "${name}" (buzon segment list shows them)`);
  return segment;
}

export async function deleteSegment(warehouse: Warehouse, name: string): Promise<void> {
  await getSegment(warehouse, name);
  await warehouse.run('DELETE FROM segment_definitions WHERE name = $name', { name });
}

/** The operating-system user, for the export log and saved segments. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}
