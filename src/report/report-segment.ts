/**
 * `--segment NAME`: a saved segment (segment_definitions, the `--where` language of audience
 * exports) turned into a report scope: the report keeps the inbound messages of the contacts the
 * filter selects. The filter is parsed and compiled by src/segment (values bound, never pasted).
 */
import { ConfigError } from '../core/errors.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { audienceColumns } from '../segment/audience-columns.ts';
import { compileWhere } from '../segment/filter-compiler.ts';
import { getSegment } from '../segment/segment-store.ts';
import type { ReportScope } from './report-sources.ts';

export async function segmentScope(warehouse: Warehouse, name: string): Promise<NonNullable<ReportScope['segment']>> {
  const tables = new Set((await warehouse.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'")).map((r) => r.name));
  if (!tables.has('segment_definitions')) {
    throw new ConfigError('--segment: this warehouse has no saved segments (table segment_definitions is missing; save one with `buzon segment save NAME --where ...`)');
  }
  const segment = await getSegment(warehouse, name);
  if (!tables.has('contact_profile')) {
    throw new ConfigError('--segment needs the contact_profile table: run `buzon build` first');
  }
  const setting = async (key: string) => warehouse.scalar<string | undefined>('SELECT value FROM settings WHERE key = $key', { key });
  const compiled = compileWhere(segment.where_text, audienceColumns((await setting('home_country')) ?? 'mx'), {
    timeZone: (await setting('default_tz')) ?? 'America/Mexico_City',
    paramPrefix: 'segment_',
  });
  const contacts = `
    SELECT p.sender_key, ${tables.has('audience_members') ? 'm.silo_key' : 'CAST(NULL AS VARCHAR) AS silo_key'},
           p.primary_issue, p.state_code, p.age_band, p.best_day_part, p.best_week_part, p.first_seen, p.last_seen,
           p.messages_in, p.messages_out, p.state_source, p.age_source, list_transform(p.issue_ranking, r -> r.issue) AS mentions
    FROM contact_profile p ${tables.has('audience_members') ? 'LEFT JOIN audience_members m USING (sender_key)' : ''}`;
  return { name, whereText: segment.where_text, contacts, sql: compiled.sql, params: compiled.params };
}
