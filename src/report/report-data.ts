/**
 * Aggregates several report parts share (headline and charts), each queried once. Totals are
 * taken where they are exact: messages per state from segment_state_time_of_week (a message has
 * one sender, a sender one state), senders from report_senders (one row per sender), per issue
 * from segment_issue_state summed over states. Numbers come back raw: suppression is applied by
 * whoever shows them.
 */
import type { ReportSources, SourceName } from './report-sources.ts';

export interface Totals {
  messages: number;
  senders: number;
}

export interface KeyedTotals extends Totals {
  key: string;
}

export interface TimeCell {
  weekday: number;
  hour: number;
  messages: number;
  senders: number;
}

export interface BacklogRow {
  key: string;
  inbound: number;
  answered: number;
  unanswered: number;
  /** Weighted median of the cells' medians (weights: answered messages); null when nothing was answered. */
  median_minutes: number | null;
}

export interface SiloRow {
  silo_key: string;
  primary_issue: string;
  state_code: string;
  age_band: string;
  contacts: number;
  suppressed: boolean;
}

export class ReportData {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(readonly sources: ReportSources) {}

  private once<T>(key: string, needs: SourceName[], work: () => Promise<T>): Promise<T | null> {
    if (!this.sources.has(...needs)) return Promise.resolve(null);
    let result = this.memo.get(key) as Promise<T> | undefined;
    if (!result) {
      result = work();
      this.memo.set(key, result);
    }
    return result;
  }

  /** Inbound messages and distinct senders in scope. */
  async totals(): Promise<Totals | null> {
    const s = this.sources;
    if (s.has('segment_state_time_of_week', 'report_senders')) {
      return this.once('totals', [], async () => {
        const [row] = await s.all<{ messages: number | null }>(`SELECT sum(messages) AS messages FROM ${s.rel('segment_state_time_of_week')}`);
        const [senders] = await s.all<{ senders: number }>(`SELECT count(*) AS senders FROM ${s.rel('report_senders')}`);
        return { messages: Number(row?.messages ?? 0), senders: senders?.senders ?? 0 };
      });
    }
    if (s.scoped || !s.has('messages')) return null;
    return this.once('totals-spine', [], async () => {
      const [row] = await s.all<{ messages: number; senders: number }>(
        `SELECT count(*) AS messages, count(DISTINCT sender_key) AS senders FROM ${s.rel('messages')} WHERE direction = 'in'`);
      return { messages: row?.messages ?? 0, senders: row?.senders ?? 0 };
    });
  }

  /** Per state (including 'desconocido'): inbound messages and distinct senders. */
  stateTotals(): Promise<KeyedTotals[] | null> {
    const s = this.sources;
    return this.once('states', ['segment_state_time_of_week', 'report_senders'], () => s.all<KeyedTotals>(
      `SELECT coalesce(m.key, p.key) AS key, coalesce(m.messages, 0) AS messages, coalesce(p.senders, 0) AS senders
       FROM (SELECT state_code AS key, sum(messages) AS messages FROM ${s.rel('segment_state_time_of_week')} GROUP BY 1) m
       FULL JOIN (SELECT state_code AS key, count(*) AS senders FROM ${s.rel('report_senders')} GROUP BY 1) p USING (key)
       ORDER BY senders DESC, key`));
  }

  /** Per age band (including 'desconocido'): distinct senders. */
  ageBandSenders(): Promise<Array<{ key: string; senders: number }> | null> {
    const s = this.sources;
    return this.once('bands', ['report_senders'], () => s.all<{ key: string; senders: number }>(
      `SELECT age_band AS key, count(*) AS senders FROM ${s.rel('report_senders')} GROUP BY 1 ORDER BY 1`));
  }

  /** Per issue (including 'sin_tema'): messages touching it and distinct senders, most messages first. */
  issueTotals(): Promise<KeyedTotals[] | null> {
    const s = this.sources;
    return this.once('issues', ['segment_issue_state'], () => s.all<KeyedTotals>(
      `SELECT issue AS key, sum(messages) AS messages, sum(senders) AS senders
       FROM ${s.rel('segment_issue_state')} GROUP BY 1 ORDER BY messages DESC, key`));
  }

  /** Week x hour over all issues, in senders' local time (sums over states are exact). */
  timeOfWeek(): Promise<TimeCell[] | null> {
    const s = this.sources;
    return this.once('tow', ['segment_state_time_of_week'], () => s.all<TimeCell>(
      `SELECT local_weekday AS weekday, local_hour AS hour, sum(messages) AS messages, sum(senders) AS senders
       FROM ${s.rel('segment_state_time_of_week')} GROUP BY 1, 2 ORDER BY 1, 2`));
  }

  /** Messages per time slot ('weekday_noche' …). */
  timeSlots(): Promise<Array<{ key: string; messages: number }> | null> {
    const s = this.sources;
    return this.once('slots', ['segment_state_time_of_week'], () => s.all<{ key: string; messages: number }>(
      `SELECT time_slot AS key, sum(messages) AS messages FROM ${s.rel('segment_state_time_of_week')}
       GROUP BY 1 ORDER BY messages DESC, key`));
  }

  /**
   * Response backlog per issue. Without a scope from response_backlog summed over states and days,
   * the median being the answered-weighted median of the cells' medians (an approximation); with a
   * scope recomputed per message in scope (exact).
   */
  backlogByIssue(): Promise<BacklogRow[] | null> {
    const s = this.sources;
    if (s.scoped) {
      return this.once('backlog-issue', ['report_messages', 'message_enrichment'], () => s.all<BacklogRow>(
        `SELECT issue AS key, count(*) AS inbound, count(reply_at) AS answered, count(*) - count(reply_at) AS unanswered,
                median((epoch(reply_at) - epoch(sent_at)) / 60.0) AS median_minutes
         FROM (SELECT r.*, unnest(m.issues) AS issue FROM (${this.repliedSql()}) r JOIN ${s.rel('report_messages')} m USING (message_id))
         GROUP BY 1 ORDER BY inbound DESC, key`));
    }
    return this.once('backlog-issue', ['response_backlog'], async () => {
      const rows = await s.all<Omit<BacklogRow, 'median_minutes'>>(
        `SELECT issue AS key, sum(inbound) AS inbound, sum(answered) AS answered, sum(unanswered) AS unanswered
         FROM ${s.rel('response_backlog')} GROUP BY 1 ORDER BY inbound DESC, key`);
      const medians = await this.cellMedians('issue');
      return rows.map((r) => ({ ...r, median_minutes: medians.get(r.key) ?? null }));
    });
  }

  /** Answered-weighted median of response_backlog's cell medians per `key` ('issue', 'state_code', or '_all'). */
  private async cellMedians(key: 'issue' | 'state_code' | '_all'): Promise<Map<string, number>> {
    const s = this.sources;
    const rows = await s.all<{ key: string; median_minutes: number | null }>(
      `WITH cells AS (
         SELECT ${key === '_all' ? "'_all'" : key} AS key, answered, median_minutes_to_reply AS m FROM ${s.rel('response_backlog')}
         WHERE answered > 0 AND median_minutes_to_reply IS NOT NULL
       ), weighted AS (
         SELECT key, m, sum(answered) OVER (PARTITION BY key ORDER BY m ROWS UNBOUNDED PRECEDING) AS cw,
                sum(answered) OVER (PARTITION BY key) AS tw
         FROM cells
       )
       SELECT key, min(m) FILTER (WHERE cw >= tw / 2.0) AS median_minutes FROM weighted GROUP BY key`);
    return new Map(rows.filter((r) => r.median_minutes !== null).map((r) => [r.key, r.median_minutes!]));
  }

  /**
   * Inbound messages in scope (message_id, sender_key, sent_at) with reply_at, the time of the first
   * later outbound message to the same sender (response_backlog's rule). The ASOF join runs on the
   * bare message columns: joined to other tables first, DuckDB plans it several times slower.
   */
  private repliedSql(): string {
    const s = this.sources;
    return `SELECT i.message_id, i.sender_key, i.sent_at, o.sent_at AS reply_at
      FROM (SELECT message_id, sender_key, sent_at FROM ${s.rel('report_inbound')}) i
      ASOF LEFT JOIN (SELECT sender_key, sent_at FROM ${s.rel('message_enrichment')} WHERE direction = 'out') o
        ON i.sender_key = o.sender_key AND o.sent_at > i.sent_at`;
  }

  /**
   * Response backlog per state and overall (key '_all'), counted once per message (response_backlog
   * counts a message once per issue, so its sums over issues would double count). A message is
   * answered when an outbound message to the same sender follows it, i.e. when it is older than the
   * sender's last outbound message: a plain join, much cheaper than finding the first reply. Without
   * a scope the medians come from response_backlog's cells (weighted, approximate), so no per-message
   * first reply is needed; with one they are exact (ASOF join over the messages in scope).
   * Rows carry distinct senders for suppression.
   */
  backlogByState(): Promise<Array<BacklogRow & { senders: number }> | null> {
    const s = this.sources;
    return this.once('backlog-state', ['report_inbound', 'report_senders', 'message_enrichment'], async () => {
      let rows: BacklogRow[];
      if (s.scoped || !s.has('response_backlog')) {
        rows = await s.all<BacklogRow>(
          `WITH replied AS MATERIALIZED (${this.repliedSql()})
           SELECT coalesce(p.state_code, '_all') AS key, count(*) AS inbound, count(r.reply_at) AS answered,
                  count(*) - count(r.reply_at) AS unanswered,
                  median((epoch(r.reply_at) - epoch(r.sent_at)) / 60.0) AS median_minutes
           FROM replied r JOIN ${s.rel('report_senders')} p USING (sender_key)
           GROUP BY GROUPING SETS ((p.state_code), ())`);
      } else {
        const counts = await s.all<Omit<BacklogRow, 'median_minutes'>>(
          `WITH last_out AS (
             SELECT sender_key, max(sent_at) AS last_out FROM ${s.rel('message_enrichment')} WHERE direction = 'out' GROUP BY 1
           )
           SELECT coalesce(p.state_code, '_all') AS key, count(*) AS inbound,
                  count(*) FILTER (WHERE i.sent_at < l.last_out) AS answered,
                  count(*) - count(*) FILTER (WHERE i.sent_at < l.last_out) AS unanswered
           FROM ${s.rel('report_inbound')} i LEFT JOIN last_out l USING (sender_key) JOIN ${s.rel('report_senders')} p USING (sender_key)
           GROUP BY GROUPING SETS ((p.state_code), ())`);
        const medians = new Map([...await this.cellMedians('state_code'), ...await this.cellMedians('_all')]);
        rows = counts.map((r) => ({ ...r, median_minutes: medians.get(r.key) ?? null }));
      }
      rows.sort((a, b) => b.inbound - a.inbound || a.key.localeCompare(b.key));
      // Distinct senders per state are report_senders' (one row per sender in scope): no DISTINCT here.
      const senders = new Map(((await this.stateTotals()) ?? []).map((t) => [t.key, t.senders]));
      const all = (await this.totals())?.senders ?? 0;
      return rows.map((r) => ({ ...r, senders: r.key === '_all' ? all : senders.get(r.key) ?? 0 }));
    });
  }

  /** The largest silos that are not suppressed, and how many silos are shown and hidden (below k). */
  silos(limit = 15): Promise<{ top: SiloRow[]; visible: number; hidden: number } | null> {
    const s = this.sources;
    return this.once('silos', ['audience_silos'], async () => {
      const k = s.k;
      const top = await s.all<SiloRow>(
        `SELECT silo_key, primary_issue, state_code, age_band, contacts, suppressed
         FROM ${s.rel('audience_silos')} WHERE NOT suppressed AND contacts >= $k ORDER BY contacts DESC, silo_key LIMIT $limit`, { k, limit });
      const [counts] = await s.all<{ visible: number; hidden: number }>(
        `SELECT count(*) FILTER (WHERE NOT suppressed AND contacts >= $k) AS visible, count(*) FILTER (WHERE suppressed OR contacts < $k) AS hidden
         FROM ${s.rel('audience_silos')}`, { k });
      return { top, visible: counts?.visible ?? 0, hidden: counts?.hidden ?? 0 };
    });
  }
}
