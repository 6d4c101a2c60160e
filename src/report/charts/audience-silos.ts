/** The largest reachable audience silos (primary issue x state x age band) with their sizes. */
import { ACCENT, PLOT_WIDTH, baseSpec, type ChartEnv, type ChartResult, type ReportChart } from './chart-kit.ts';

const SHOWN = 15;

export const audienceSilos: ReportChart = {
  id: 'audience-silos',
  title: (t) => t.silos,
  intro: (t) => t.silosIntro,
  async build(env: ChartEnv): Promise<ChartResult> {
    const { sources, text, labels, format } = env;
    const missing = sources.missing('audience_silos');
    if (missing.length) return { missing };
    const silos = (await env.data.silos(SHOWN))!;
    if (!silos.top.length) return { empty: true, notes: silos.hidden ? [text.suppressedNote(String(format.k))] : [] };
    const rows = silos.top.map((s) => ({
      silo_key: s.silo_key,
      silo: [labels.issue(s.primary_issue), labels.stateAbbr(s.state_code), labels.ageBand(s.age_band)].join(' · '),
      issue_label: labels.issue(s.primary_issue), state: labels.state(s.state_code), age_band: labels.ageBand(s.age_band),
      contacts: s.contacts, contacts_label: format.int(s.contacts),
    }));
    const spec = baseSpec(env, {
      width: PLOT_WIDTH - 150,
      height: rows.length * 22,
      datasets: { audiencias: rows },
      data: { name: 'audiencias' },
      encoding: {
        y: { field: 'silo', type: 'nominal', title: null, sort: rows.map((r) => r.silo), axis: { labelLimit: 260 } },
        x: { field: 'contacts', type: 'quantitative', title: text.contacts, axis: { format: ',.0f' } },
        tooltip: [
          { field: 'issue_label', title: text.issue }, { field: 'state', title: text.state },
          { field: 'age_band', title: text.ageBand }, { field: 'contacts_label', title: text.contacts },
        ],
      },
      layer: [
        { mark: { type: 'bar', color: ACCENT, cornerRadiusEnd: 2 } },
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#1f2937' }, encoding: { text: { field: 'contacts_label' } } },
      ],
    });
    const notes = [text.silosCounts(format.int(silos.visible), format.int(silos.hidden), String(format.k))];
    if (sources.scoped) notes.push(text.silosUnscoped);
    return { spec, notes };
  },
};
