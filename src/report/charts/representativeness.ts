/**
 * Who writes compared with who votes: each state's and age band's share of senders against its
 * share of the electoral roll (data/<country>/electorate.csv, an ESTIMATE for Mexico), and the
 * ratio (1 = as many as their weight in the roll). Log scale, so 0.5 and 2 sit equally far from 1.
 */
import { UNKNOWN, compareAgeBands } from '../report-text.ts';
import { PLOT_WIDTH, baseSpec, htmlTable, isSmall, type ChartEnv, type ChartResult, type ReportChart } from './chart-kit.ts';

interface RepRow {
  group: 'state' | 'age';
  key: string;
  label: string;
  senders: number | null;
  senders_label: string;
  sender_share: number | null;
  sender_share_label: string;
  electorate_share: number;
  electorate_share_label: string;
  ratio: number | null;
  ratio_label: string;
}

export const representativeness: ReportChart = {
  id: 'representativeness',
  title: (t) => t.representativeness,
  intro: (t) => t.representativenessIntro,
  async build(env: ChartEnv): Promise<ChartResult> {
    const { sources, text, labels, format, country } = env;
    const missing = sources.missing('report_senders');
    if (missing.length) return { missing };
    const states = ((await env.data.stateTotals()) ?? []).filter((s) => s.key !== UNKNOWN && s.senders > 0);
    const bands = ((await env.data.ageBandSenders()) ?? []).filter((b) => b.key !== UNKNOWN && b.senders > 0);
    const votersByState = new Map<string, number>();
    const votersByBand = new Map<string, number>();
    for (const e of country.electorate) {
      votersByState.set(e.isoCode, (votersByState.get(e.isoCode) ?? 0) + e.voters);
      votersByBand.set(e.ageBand, (votersByBand.get(e.ageBand) ?? 0) + e.voters);
    }
    const rows: RepRow[] = [];
    const addGroup = (group: RepRow['group'], entries: Array<{ key: string; senders: number }>, voters: Map<string, number>, label: (k: string) => string) => {
      const matched = entries.filter((e) => voters.has(e.key));
      const senderTotal = matched.reduce((sum, e) => sum + e.senders, 0);
      const voterTotal = [...voters.values()].reduce((sum, v) => sum + v, 0);
      if (!senderTotal || !voterTotal) return;
      const byKey = new Map(matched.map((e) => [e.key, e.senders]));
      for (const [key, v] of voters) {
        const senders = byKey.get(key) ?? 0;
        const hidden = isSmall(env, senders) && senders > 0;
        const senderShare = senders / senderTotal;
        const electorateShare = v / voterTotal;
        const ratio = senderShare / electorateShare;
        rows.push({
          group, key, label: label(key),
          senders: hidden ? null : senders, senders_label: format.count(senders, hidden),
          sender_share: hidden ? null : senderShare, sender_share_label: hidden ? format.suppressedLabel : format.percent(senderShare),
          electorate_share: electorateShare, electorate_share_label: format.percent(electorateShare),
          ratio: hidden || senders === 0 ? null : ratio, ratio_label: hidden ? format.suppressedLabel : format.ratio(ratio),
        });
      }
    };
    addGroup('state', states, votersByState, (k) => labels.state(k));
    addGroup('age', bands, votersByBand, (k) => labels.ageBand(k));
    if (!rows.length) return { empty: true };
    rows.sort((a, b) => a.group.localeCompare(b.group) || (a.group === 'age' ? compareAgeBands(a.key, b.key) : (b.ratio ?? -1) - (a.ratio ?? -1)));
    const stateCount = rows.filter((r) => r.group === 'state').length;
    const ageCount = rows.filter((r) => r.group === 'age').length;
    const part = (group: RepRow['group'], title: string, count: number) => ({
      title,
      width: PLOT_WIDTH - 170,
      height: Math.max(60, count * 16),
      transform: [{ filter: `datum.group === '${group}' && datum.ratio !== null` }],
      encoding: {
        tooltip: [
          { field: 'label', title: group === 'state' ? text.state : text.ageBand },
          { field: 'senders_label', title: text.senders }, { field: 'sender_share_label', title: text.senderShare },
          { field: 'electorate_share_label', title: text.electorateShare }, { field: 'ratio_label', title: text.ratio },
        ],
      },
      layer: [
        {
          mark: { type: 'bar', cornerRadiusEnd: 2 },
          encoding: {
            y: { field: 'label', type: 'nominal', title: null, sort: rows.filter((r) => r.group === group).map((r) => r.label), axis: { labelLimit: 150 } },
            x: { field: 'ratio', type: 'quantitative', title: text.ratio, scale: { type: 'log', base: 2 } },
            x2: { datum: 1 },
            color: { condition: { test: 'datum.ratio >= 1', value: '#c2410c' }, value: '#2563eb' },
          },
        },
        { mark: { type: 'rule', color: '#1f2937' }, encoding: { x: { datum: 1 } } },
      ],
    });
    const spec = baseSpec(env, {
      datasets: { representatividad: rows },
      data: { name: 'representatividad' },
      vconcat: [
        ...(ageCount ? [part('age', text.ageBands, ageCount)] : []),
        ...(stateCount ? [part('state', text.states, stateCount)] : []),
      ],
      resolve: { scale: { y: 'independent', x: 'independent' } },
    });
    const tableHtml = htmlTable(
      [text.ageBand, text.senders, text.senderShare, text.electorateShare, text.ratio],
      rows.filter((r) => r.group === 'age').map((r) => [r.label, r.senders_label, r.sender_share_label, r.electorate_share_label, r.ratio_label]),
      [false, true, true, true, true],
    );
    const notes = [country.electorate.some((e) => e.isEstimate) ? text.electorateNote : text.electorateSource];
    return { spec, notes, tableHtml };
  },
};
