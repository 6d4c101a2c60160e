/** How well audience silos match a generator truth file (used by tests and to report the figure). */
import type { BuzonContext } from '../../src/db/context.ts';
import { quoteLiteral } from '../../src/db/sql-identifiers.ts';

export interface SiloAgreement {
  members: number;
  /** Members whose truth knows their age band (state and issue are always known to the truth). */
  known: number;
  issue: number;
  state: number;
  ageBand: number;
  /** Share of known members whose silo is exactly their true primary issue x state x age band. */
  silo: number;
}

/**
 * Compares audience_members with truth.csv. A contact's true primary issue is the issue of most of
 * their inbound messages in the truth (any of them when tied); 'sin_tema' when none has an issue.
 */
export async function siloAgreement(context: BuzonContext, truthFile: string): Promise<SiloAgreement> {
  const row = await context.warehouse.one<Record<string, number>>(`
    WITH truth AS (
      SELECT t.message_id, m.sender_key, t.issues, t.state, nullif(t.age_band, '') AS age_band
      FROM read_csv(${quoteLiteral(truthFile)}, header = true, all_varchar = true) t
      JOIN messages m USING (message_id)
      WHERE m.direction = 'in'
    ),
    issue_counts AS (
      SELECT sender_key, issue, count(*) AS n
      FROM (SELECT sender_key, unnest(string_split(issues, ';')) AS issue FROM truth WHERE coalesce(issues, '') <> '')
      GROUP BY ALL
    ),
    true_issues AS (
      SELECT sender_key, list(issue) AS top
      FROM (SELECT *, max(n) OVER (PARTITION BY sender_key) AS top_n FROM issue_counts)
      WHERE n = top_n
      GROUP BY sender_key
    ),
    people AS (
      SELECT sender_key, any_value(state) AS state, max(age_band) AS age_band FROM truth GROUP BY sender_key
    ),
    scored AS (
      SELECT
        list_contains(coalesce(ti.top, ['sin_tema']), p.primary_issue) AS issue_ok,
        p.state_code = pe.state AS state_ok,
        pe.age_band IS NOT NULL AS known,
        p.age_band = coalesce(pe.age_band, 'desconocido') AS age_ok
      FROM audience_members a
      JOIN contact_profile p USING (sender_key)
      JOIN people pe USING (sender_key)
      LEFT JOIN true_issues ti USING (sender_key)
    )
    SELECT
      count(*) AS members,
      count(*) FILTER (WHERE known) AS known,
      avg(issue_ok::INTEGER) FILTER (WHERE known) AS issue,
      avg(state_ok::INTEGER) FILTER (WHERE known) AS state,
      avg(age_ok::INTEGER) FILTER (WHERE known) AS age_band,
      avg((issue_ok AND state_ok AND age_ok)::INTEGER) FILTER (WHERE known) AS silo
    FROM scored`);
  return {
    members: row!.members!, known: row!.known!, issue: row!.issue!, state: row!.state!, ageBand: row!.age_band!, silo: row!.silo!,
  };
}
