import { createHash } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { DuckDBValue } from '@duckdb/node-api';
import { ConfigError, UsageError } from '../core/errors.ts';
import { hasWarehouseKey, type BuzonContext } from '../db/context.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { csvCell, neutraliseFormula } from '../query/result-format.ts';
import { audienceColumns } from './audience-columns.ts';
import { compileFilter, type CompiledFilter } from './filter-compiler.ts';
import { parseFilter, type FilterNode } from './filter-parser.ts';
import { currentUser, getSegment } from './segment-store.ts';
import { staleModels } from './sql-runner.ts';

/** Which contacts to export: a `--where` filter, one silo, a saved segment, or (none given) every reachable contact. */
export interface AudienceSelection {
  where?: string;
  silo?: string;
  segment?: string;
}

export interface AudienceExportOptions extends AudienceSelection {
  /** CSV file to write; without it the CSV goes to `stdout`. */
  out?: string;
  stdout?: { write(chunk: string): unknown };
  /** Adds each contact's phone number; needs the warehouse's own key and is logged. */
  revealPhones?: boolean;
  modelsDir?: string;
}

export interface AudienceExportResult {
  exportId: number;
  rows: number;
  /** Contacts matching the selection but left out because their silo is below k. */
  withheld: number;
  k: number;
  sha256: string;
  outFile?: string;
}

export type SiloRow = {
  silo_key: string;
  primary_issue: string;
  state_code: string;
  age_band: string;
  /** null when the silo is suppressed: its size is never shown. */
  contacts: number | null;
  suppressed: boolean;
};

const AUDIENCE_MODELS = ['audience_members', 'audience_silos', 'contact_profile'];

/**
 * One row per contact that may be exported: in a silo, not opted out (checked again against
 * sender_enrichment, the freshest opt-out there is). Filter columns refer to these names.
 */
const AUDIENCE_SQL = `
  SELECT m.sender_key, m.silo_key, p.primary_issue, p.state_code, p.age_band, p.best_day_part, p.best_week_part,
         p.first_seen, p.last_seen, p.messages_in, p.messages_out, p.state_source, p.age_source,
         list_transform(p.issue_ranking, r -> r.issue) AS mentions,
         s.suppressed AS silo_suppressed
  FROM audience_members m
  JOIN contact_profile p USING (sender_key)
  JOIN audience_silos s USING (silo_key)
  WHERE NOT p.opted_out
    AND NOT EXISTS (SELECT 1 FROM sender_enrichment e WHERE e.sender_key = m.sender_key AND e.opted_out)`;

export async function kAnonymity(warehouse: Warehouse): Promise<number> {
  const value = await warehouse.scalar<string | undefined>("SELECT value FROM settings WHERE key = 'k_anonymity'");
  const k = Number(value ?? 10);
  return Number.isInteger(k) && k > 0 ? k : 10;
}

/** The silos, largest first; a suppressed silo's size is withheld. */
export async function listSilos(context: BuzonContext, modelsDir?: string): Promise<{ k: number; silos: SiloRow[] }> {
  const problem = await audienceProblem(context, modelsDir);
  if (problem && !problem.stale) throw new ConfigError(problem.message);
  if (problem) context.logger.warn(problem.message);
  const k = await kAnonymity(context.warehouse);
  const silos = await context.warehouse.all<SiloRow>(`
    SELECT silo_key, primary_issue, state_code, age_band,
           CASE WHEN suppressed THEN NULL ELSE contacts END AS contacts, suppressed
    FROM audience_silos
    ORDER BY suppressed, contacts DESC, silo_key`);
  return { k, silos };
}

/**
 * Writes the selected contacts as CSV (pseudonymous keys and their silo's attributes; phone numbers
 * only with `revealPhones`) and records the export in export_log. Contacts of silos below k are
 * left out, and an export that would hold fewer than k contacts is refused.
 */
export async function exportAudience(context: BuzonContext, options: AudienceExportOptions): Promise<AudienceExportResult> {
  const { warehouse } = context;
  const chosen = (['where', 'silo', 'segment'] as const).filter((key) => options[key] !== undefined);
  if (chosen.length > 1) throw new UsageError(`choose one of --where, --silo, --segment (got ${chosen.map((c) => `--${c}`).join(' and ')})`);
  if (options.revealPhones && !(await hasWarehouseKey(context))) {
    throw new ConfigError('--reveal-phones needs the warehouse key file (the one beside the warehouse, or --key-file)');
  }
  const columns = audienceColumns(await homeCountry(warehouse));
  const timeZone = await defaultTimeZone(warehouse);
  // A mistyped filter is reported before anything else is checked.
  if (options.where !== undefined) compileFilter(parseFilter(options.where), columns, { timeZone });
  await assertAudienceReady(context, options.modelsDir);
  const k = await kAnonymity(warehouse);
  const selection = chosen[0] ?? 'all';
  const resolved = await resolveSelection(context, options, k);
  const filter = resolved.node ? compileFilter(resolved.node, columns, { timeZone }) : { sql: 'true', params: {} };

  const counts = await warehouse.one<{ rows: number; withheld: number }>(
    `WITH audience AS (${AUDIENCE_SQL})
     SELECT count(*) FILTER (WHERE NOT silo_suppressed) AS rows, count(*) FILTER (WHERE silo_suppressed) AS withheld
     FROM audience WHERE ${filter.sql}`,
    filter.params,
  );
  const rows = counts?.rows ?? 0;
  const withheld = counts?.withheld ?? 0;
  if (rows > 0 && rows < k) {
    throw new ConfigError(`this selection has fewer than k = ${k} exportable contacts; an export that small could identify people: widen it`);
  }
  const written = await writeCsv(warehouse, filter, Boolean(options.revealPhones), options);
  const exportId = await warehouse.scalar<number>(
    `INSERT INTO export_log (who, exported_at, selection, filter_text, resolved_filter, row_count, withheld, out_file, sha256, revealed_phones)
     VALUES ($who, now(), $selection, $filter, $resolved, $rows, $withheld, $out, $sha, $reveal)
     RETURNING export_id`,
    {
      who: currentUser(), selection, filter: options.where ?? options.silo ?? options.segment ?? null,
      resolved: resolved.text, rows: written.rows, withheld, out: options.out ?? null, sha: written.sha256,
      reveal: Boolean(options.revealPhones),
    },
  );
  return { exportId, rows: written.rows, withheld, k, sha256: written.sha256, outFile: options.out };
}

async function resolveSelection(
  context: BuzonContext, options: AudienceSelection, k: number,
): Promise<{ node?: FilterNode; text: string | null }> {
  if (options.where !== undefined) return { node: parseFilter(options.where), text: options.where };
  if (options.segment !== undefined) {
    const segment = await getSegment(context.warehouse, options.segment);
    return { node: parseFilter(segment.where_text), text: segment.where_text };
  }
  if (options.silo !== undefined) {
    const silo = await context.warehouse.one<{ suppressed: boolean }>(
      'SELECT suppressed FROM audience_silos WHERE silo_key = $silo', { silo: options.silo });
    if (!silo) throw new ConfigError(`no silo "${options.silo}" (buzon audience list shows them)`);
    if (silo.suppressed) throw new ConfigError(`silo "${options.silo}" has fewer than k = ${k} contacts; it cannot be exported`);
    return { node: { kind: 'compare', column: 'silo', op: '=', value: options.silo }, text: `silo = '${options.silo.replaceAll("'", "''")}'` };
  }
  return { text: null };
}

const CSV_COLUMNS = [
  'sender_key', 'silo_key', 'issue', 'state_code', 'age_band', 'best_day_part', 'best_week_part',
  'first_seen', 'last_seen', 'messages_in', 'messages_out',
];

async function writeCsv(
  warehouse: Warehouse, filter: CompiledFilter, revealPhones: boolean, options: AudienceExportOptions,
): Promise<{ rows: number; sha256: string }> {
  const iso = (column: string) => `strftime(a.${column} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')`;
  const sql = `
    WITH audience AS (${AUDIENCE_SQL})
    SELECT a.sender_key, a.silo_key, a.primary_issue, a.state_code, a.age_band, a.best_day_part, a.best_week_part,
           ${iso('first_seen')}, ${iso('last_seen')}, CAST(a.messages_in AS VARCHAR), CAST(a.messages_out AS VARCHAR)
           ${revealPhones ? ', phones.e164' : ''}
    FROM audience a
    ${revealPhones ? 'LEFT JOIN contact_phones phones USING (sender_key)' : ''}
    WHERE NOT a.silo_suppressed AND ${filter.sql}
    ORDER BY a.silo_key, a.sender_key`;
  const hash = createHash('sha256');
  const partial = options.out ? `${options.out}.partial` : undefined;
  const fd = partial ? openSync(partial, 'w', revealPhones ? 0o600 : 0o644) : undefined;
  const emit = (text: string) => {
    hash.update(text);
    if (fd !== undefined) writeSync(fd, text);
    else options.stdout?.write(text);
  };
  let rows = 0;
  try {
    emit(`${[...CSV_COLUMNS, ...(revealPhones ? ['phone'] : [])].join(',')}\n`);
    const result = await warehouse.connection.stream(sql, filter.params as Record<string, DuckDBValue>);
    for await (const chunk of result.yieldRows()) {
      let text = '';
      for (const row of chunk) text += `${row.map((v) => csvCell(neutraliseFormula(v === null ? '' : String(v)))).join(',')}\n`;
      emit(text);
      rows += chunk.length;
    }
  } catch (error) {
    if (fd !== undefined) {
      closeSync(fd);
      rmSync(partial!, { force: true });
    }
    throw error;
  }
  if (fd !== undefined) {
    closeSync(fd);
    renameSync(partial!, options.out!);
  }
  return { rows, sha256: hash.digest('hex') };
}

/**
 * Exports and silo lists read the audience tables; they must reflect every message and the latest
 * opt-outs, so a stale build or missing enrichment stops them rather than exporting old answers.
 */
export async function assertAudienceReady(context: BuzonContext, modelsDir?: string): Promise<void> {
  const problem = await audienceProblem(context, modelsDir);
  if (problem) throw new ConfigError(problem.message);
}

async function audienceProblem(context: BuzonContext, modelsDir?: string): Promise<{ message: string; stale: boolean } | undefined> {
  const { warehouse } = context;
  const present = new Set((await warehouse.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main'")).map((r) => r.name));
  if (!present.has('message_enrichment') || !present.has('sender_enrichment')) {
    return { message: 'the warehouse is not enriched yet: run `buzon enrich`, then `buzon build`', stale: false };
  }
  const missing = AUDIENCE_MODELS.filter((m) => !present.has(m));
  if (missing.length) return { message: `no audience yet (${missing.join(', ')} missing): run \`buzon build\``, stale: false };
  const lag = await warehouse.one<{ messages: number; enriched: number }>(
    'SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM message_enrichment) AS enriched');
  if (lag && lag.messages !== lag.enriched) {
    return { message: `enrichment is out of date (${lag.messages} messages, ${lag.enriched} enriched): run \`buzon enrich\`, then \`buzon build\``, stale: true };
  }
  const stale = await staleModels(context, AUDIENCE_MODELS, modelsDir);
  if (stale.length) return { message: `the audience is out of date (${stale.join(', ')}): run \`buzon build\` first`, stale: true };
  return undefined;
}

async function homeCountry(warehouse: Warehouse): Promise<string> {
  return (await warehouse.scalar<string | undefined>("SELECT value FROM settings WHERE key = 'home_country'")) ?? 'mx';
}

async function defaultTimeZone(warehouse: Warehouse): Promise<string> {
  return (await warehouse.scalar<string | undefined>("SELECT value FROM settings WHERE key = 'default_tz'")) ?? 'America/Mexico_City';
}
