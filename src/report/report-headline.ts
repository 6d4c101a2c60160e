/**
 * The report's opening in words: totals, top issues, top states, the busiest hour and slot, the
 * backlog and the audiences. Every number is computed from the same aggregates as the charts;
 * small cells are never named (a state or issue below k is skipped, a count below k reads "<k").
 */
import { isSmall, type ChartEnv } from './charts/chart-kit.ts';
import { UNKNOWN } from './report-text.ts';

export interface Headline {
  /** Key figures: label and formatted value. */
  figures: Array<{ label: string; value: string }>;
  sentences: string[];
}

export async function buildHeadline(env: ChartEnv, periodLabel: string): Promise<Headline> {
  const { data, format, text, labels } = env;
  const list = new Intl.ListFormat(format.locale, { style: 'long', type: 'conjunction' });
  const figures: Headline['figures'] = [];
  const sentences: string[] = [];

  const totals = await data.totals();
  if (totals) {
    const small = isSmall(env, totals.senders);
    figures.push({ label: text.messages, value: format.count(totals.messages, small) });
    figures.push({ label: text.senders, value: format.count(totals.senders, small) });
    sentences.push(text.headlineTotals(format.count(totals.messages, small), format.count(totals.senders, small), periodLabel));
  }

  const issues = await data.issueTotals();
  if (issues && totals?.messages) {
    const top = issues.filter((i) => i.key !== 'sin_tema' && !isSmall(env, i.senders)).slice(0, 3);
    if (top.length) {
      sentences.push(text.headlineIssues(list.format(top.map((i) => `${labels.issue(i.key)} (${format.percent(i.messages / totals.messages)})`))));
    }
  }

  const states = await data.stateTotals();
  if (states && totals?.senders) {
    const top = states.filter((s) => s.key !== UNKNOWN && !isSmall(env, s.senders)).sort((a, b) => b.senders - a.senders).slice(0, 3);
    if (top.length) sentences.push(text.headlineStates(list.format(top.map((s) => `${labels.state(s.key)} (${format.int(s.senders)})`))));
    const unknown = states.find((s) => s.key === UNKNOWN);
    if (unknown && unknown.senders >= format.k) sentences.push(text.headlineUnknownState(format.percent(unknown.senders / totals.senders)));
  }

  const cells = await data.timeOfWeek();
  const busiest = cells?.filter((c) => !isSmall(env, c.senders)).sort((a, b) => b.messages - a.messages || a.weekday - b.weekday || a.hour - b.hour)[0];
  if (busiest) sentences.push(text.headlineBusiest(text.at(labels.weekday(busiest.weekday), format.hour(busiest.hour)), format.int(busiest.messages)));
  const slots = await data.timeSlots();
  if (slots?.length && totals?.messages) {
    const top = slots[0]!;
    sentences.push(text.headlineBusiestSlot(labels.timeSlot(top.key), format.percent(top.messages / totals.messages)));
  }

  const backlog = (await data.backlogByState())?.find((b) => b.key === '_all');
  if (backlog && backlog.inbound > 0 && !isSmall(env, backlog.senders)) {
    const answered = format.percent(backlog.answered / backlog.inbound);
    figures.push({ label: text.answeredShare, value: answered });
    sentences.push(backlog.median_minutes === null
      ? text.headlineBacklogNoMedian(answered, format.int(backlog.unanswered))
      : text.headlineBacklog(answered, format.int(backlog.unanswered), format.minutes(backlog.median_minutes), !env.sources.scoped && env.sources.has('response_backlog')));
  }

  const silos = await data.silos(15);
  if (silos?.top.length) {
    const largest = silos.top[0]!;
    const name = [labels.issue(largest.primary_issue), labels.state(largest.state_code), labels.ageBand(largest.age_band)].join(' · ');
    figures.push({ label: text.audiences, value: format.int(silos.visible) });
    sentences.push(text.headlineSilos(format.int(silos.visible), name, format.int(largest.contacts)));
  }
  return { figures, sentences };
}
