/**
 * Where a report reads each contract table from. Without a scope, the segment tables built by
 * `buzon build` as they are. With a scope (--from/--to, --segment) the same shapes are derived into
 * temporary tables from message_enrichment and sender_enrichment with the scope applied, so every
 * chart reads one set of names either way. Missing tables are reported, not thrown: a section says
 * what it lacks while the rest of the report renders.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { UsageError } from '../core/errors.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';

/** The contract tables a report may read. */
export type SourceName =
  | 'messages' | 'message_enrichment' | 'sender_enrichment' | 'import_batches' | 'rejects'
  | 'segment_issue_state' | 'segment_issue_age' | 'segment_state_time_of_week' | 'segment_issue_time_of_week'
  | 'segment_cube' | 'contact_profile' | 'audience_silos' | 'audience_members' | 'response_backlog'
  | 'messages_per_day' | 'messages_by_hour_of_week' | 'segment_definitions'
  /** Derived here: one row per inbound sender in scope (sender_key, state_code, age_band). */
  | 'report_senders'
  /** Derived here: inbound messages in scope with their sender's state and age band. */
  | 'report_messages'
  /** Derived here: inbound messages in scope, message columns only (cheaper than report_messages without a scope). */
  | 'report_inbound';

/** Restricts a report to the inbound messages of some senders: SQL over a contact relation, values bound. */
export interface SenderFilter {
  /** The relation (SQL) holding one row per contact, with the columns `sql` reads and `sender_key`. */
  contacts: string;
  /** Boolean SQL over `contacts`; values only as `$name` parameters. */
  sql: string;
  params: Record<string, DuckDBValue>;
}

export interface ReportScope {
  /** Local day of the sender, inclusive, 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
  segment?: SenderFilter & { name: string; whereText: string };
}

export class ReportSources {
  /** Milliseconds spent waiting for DuckDB (opening the scope and every chart query). */
  queryMs = 0;

  private constructor(
    private readonly warehouse: Warehouse,
    private readonly relations: Map<SourceName, string>,
    readonly k: number,
    readonly scope: ReportScope,
  ) {}

  static async open(warehouse: Warehouse, scope: ReportScope = {}): Promise<ReportSources> {
    const started = performance.now();
    const existing = new Set(
      (await warehouse.all<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'",
      )).map((r) => r.name),
    );
    const kValue = existing.has('settings')
      ? await warehouse.scalar<string | undefined>("SELECT value FROM settings WHERE key = 'k_anonymity'")
      : undefined;
    const k = Math.max(1, Number.parseInt(kValue ?? '10', 10) || 10);
    const relations = new Map<SourceName, string>();
    for (const name of existing) relations.set(name as SourceName, quoteIdent(name));

    const scoped = Boolean(scope.from || scope.to || scope.segment);
    const hasEnrichment = existing.has('message_enrichment') && existing.has('sender_enrichment');
    if (scoped && !hasEnrichment) {
      throw new UsageError('--from, --to and --segment need the enrichment tables (message_enrichment, sender_enrichment): run `buzon enrich` first');
    }
    if (hasEnrichment) {
      await createReportMessages(warehouse, scope);
      relations.set('report_messages', 'report_messages');
      if (!scoped) {
        await warehouse.run(`CREATE OR REPLACE TEMP VIEW report_inbound AS
          SELECT message_id, sender_key, sent_at, CAST(local_time AS DATE) AS day, coalesce(primary_issue, 'sin_tema') AS primary_issue
          FROM message_enrichment WHERE direction = 'in'`);
      }
      relations.set('report_inbound', scoped ? 'report_messages' : 'report_inbound');
    }
    if (!scoped && existing.has('contact_profile')) {
      await warehouse.run(`CREATE OR REPLACE TEMP VIEW report_senders AS
        SELECT sender_key, coalesce(state_code, 'desconocido') AS state_code, coalesce(age_band, 'desconocido') AS age_band
        FROM contact_profile WHERE messages_in > 0`);
      relations.set('report_senders', 'report_senders');
    } else if (hasEnrichment) {
      await warehouse.run(`CREATE OR REPLACE TEMP ${scoped ? 'TABLE' : 'VIEW'} report_senders AS
        SELECT sender_key, any_value(state_code) AS state_code, any_value(age_band) AS age_band
        FROM report_messages GROUP BY sender_key`);
      relations.set('report_senders', 'report_senders');
    }
    if (scoped) {
      await createScopedSegments(warehouse, k);
      for (const name of SCOPED_SEGMENTS) relations.set(name, quoteIdent(`report_${name}`));
      // Answered / unanswered is recomputed per message in scope (ReportData), not read from the table.
      relations.delete('response_backlog');
    }
    const sources = new ReportSources(warehouse, relations, k, scope);
    sources.queryMs = performance.now() - started;
    return sources;
  }

  get scoped(): boolean {
    return Boolean(this.scope.from || this.scope.to || this.scope.segment);
  }

  has(...names: SourceName[]): boolean {
    return names.every((n) => this.relations.has(n));
  }

  /** The tables among `names` that are not available, as a user knows them (derived names become their source). */
  missing(...names: SourceName[]): SourceName[] {
    const shown = names.filter((n) => !this.relations.has(n)).map((n) => DERIVED_FROM[n] ?? n);
    return [...new Set(shown)];
  }

  /** The SQL relation to read `name` from (quoted identifier or temp table). */
  rel(name: SourceName): string {
    const relation = this.relations.get(name);
    if (!relation) throw new Error(`report source ${name} is not available`);
    return relation;
  }

  async all<T extends object>(sql: string, params?: Record<string, DuckDBValue>): Promise<T[]> {
    const started = performance.now();
    try {
      return (await this.warehouse.all(sql, params)) as unknown as T[];
    } finally {
      this.queryMs += performance.now() - started;
    }
  }
}

const DERIVED_FROM: Partial<Record<SourceName, SourceName>> = {
  report_senders: 'sender_enrichment', report_messages: 'message_enrichment', report_inbound: 'message_enrichment',
};

const SCOPED_SEGMENTS = ['segment_issue_state', 'segment_issue_age', 'segment_state_time_of_week', 'segment_issue_time_of_week'] as const;

/** Inbound messages with the columns the segment contract groups by; `issues` as inbound_message_facts counts them. */
const INBOUND_MESSAGES = `
SELECT m.message_id, m.sender_key, m.sent_at, CAST(m.local_time AS DATE) AS day, m.local_weekday, m.local_hour, m.time_slot,
       CASE WHEN len(list_filter(list_distinct(coalesce(m.issues, [])), i -> i <> 'sin_tema')) = 0 THEN ['sin_tema']
            ELSE list_filter(list_distinct(coalesce(m.issues, [])), i -> i <> 'sin_tema') END AS issues,
       coalesce(m.primary_issue, 'sin_tema') AS primary_issue, m.noise,
       coalesce(s.state_code, 'desconocido') AS state_code, coalesce(s.age_band, 'desconocido') AS age_band
FROM message_enrichment m LEFT JOIN sender_enrichment s USING (sender_key)
WHERE m.direction = 'in'`;

/**
 * report_messages: inbound messages in scope, one row each. A view without a scope (nothing is
 * copied); a temporary table of the rows in scope with one.
 */
async function createReportMessages(warehouse: Warehouse, scope: ReportScope): Promise<void> {
  const segment = scope.segment;
  if (!scope.from && !scope.to && !segment) {
    await warehouse.run(`CREATE OR REPLACE TEMP VIEW report_messages AS ${INBOUND_MESSAGES}`);
    return;
  }
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE report_messages AS
     SELECT * FROM (${INBOUND_MESSAGES}) inbound
     WHERE ($from IS NULL OR day >= CAST($from AS DATE)) AND ($to IS NULL OR day <= CAST($to AS DATE))
     ${segment ? `AND sender_key IN (SELECT sender_key FROM (${segment.contacts}) contacts WHERE ${segment.sql})` : ''}`,
    { from: scope.from ?? null, to: scope.to ?? null, ...segment?.params },
  );
}

/** The four segment tables of the contract, recomputed over report_messages. */
async function createScopedSegments(warehouse: Warehouse, k: number): Promise<void> {
  const groupings: Record<(typeof SCOPED_SEGMENTS)[number], string> = {
    segment_issue_state: 'issue, state_code',
    segment_issue_age: 'issue, age_band',
    segment_state_time_of_week: 'state_code, local_weekday, local_hour, time_slot',
    segment_issue_time_of_week: 'issue, local_weekday, local_hour, time_slot',
  };
  for (const [name, keys] of Object.entries(groupings)) {
    const byIssue = keys.includes('issue');
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(`report_${name}`)} AS
       SELECT ${keys}, count(*) AS messages, count(DISTINCT sender_key) AS senders, count(DISTINCT sender_key) < $k AS suppressed
       FROM ${byIssue ? '(SELECT *, unnest(issues) AS issue FROM report_messages)' : 'report_messages'}
       GROUP BY ${keys}`,
      { k },
    );
  }
}
