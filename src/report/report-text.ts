/**
 * Every word a report shows, in Spanish (default) and English. Numbers are never written here:
 * sentences take already formatted values.
 */
import { loadCountryData } from '../enrich/country-data.ts';
import type { ReportLang } from './report-format.ts';

const ISSUE_NAMES: Record<string, { es: string; en: string }> = {
  seguridad: { es: 'Seguridad', en: 'Security' },
  economia: { es: 'Economía', en: 'Economy' },
  salud: { es: 'Salud', en: 'Health' },
  educacion: { es: 'Educación', en: 'Education' },
  corrupcion: { es: 'Corrupción', en: 'Corruption' },
  agua: { es: 'Agua', en: 'Water' },
  migracion: { es: 'Migración', en: 'Migration' },
  medio_ambiente: { es: 'Medio ambiente', en: 'Environment' },
  transporte: { es: 'Transporte', en: 'Transport' },
  vivienda: { es: 'Vivienda', en: 'Housing' },
  campo: { es: 'Campo', en: 'Farming' },
  mujeres: { es: 'Mujeres', en: 'Women' },
  sin_tema: { es: 'Sin tema', en: 'No issue' },
  otros: { es: 'Otros temas', en: 'Other issues' },
};

/** Issue keys with built-in names (the taxonomy's, plus 'sin_tema' and 'otros'). */
export function knownIssues(): string[] {
  return Object.keys(ISSUE_NAMES);
}

const DAY_PARTS: Record<string, { es: string; en: string }> = {
  madrugada: { es: 'madrugada (0-5 h)', en: 'night (0-5 h)' },
  manana: { es: 'mañana (6-11 h)', en: 'morning (6-11 h)' },
  tarde: { es: 'tarde (12-18 h)', en: 'afternoon (12-18 h)' },
  noche: { es: 'noche (19-23 h)', en: 'evening (19-23 h)' },
};

export const UNKNOWN = 'desconocido';

const es = {
  title: 'Buzón ciudadano: informe para estrategia',
  generated: 'Generado el',
  period: 'Periodo',
  allTime: 'todo el periodo',
  segment: 'Segmento',
  contents: 'Contenido',
  headline: 'Resumen',
  map: 'Mapa por estado',
  mapIntro: 'Mensajes, remitentes distintos o peso de cada tema por estado (elija la métrica en el selector).',
  mapNoData: 'Gris claro: sin mensajes. Gris medio: menos de {k} remitentes, cifra suprimida.',
  timeOfWeek: 'Actividad por día y hora (hora local del remitente)',
  timeOfWeekIntro: 'Mensajes por día de la semana y hora en la hora local de cada remitente; el selector muestra un tema.',
  issueAge: 'Temas por grupo de edad',
  issueAgeIntro: 'Remitentes distintos por tema y grupo de edad declarado o mencionado.',
  issueShare: 'Peso de cada tema',
  issueShareIntro: 'Porcentaje de mensajes que tocan cada tema (un mensaje puede tocar dos).',
  daily: 'Volumen diario por tema',
  dailyIntro: 'Mensajes recibidos por día (hora local), por tema principal.',
  silos: 'Audiencias más grandes',
  silosIntro: 'Contactos alcanzables (sin baja, no solo ruido) por tema principal, estado y edad.',
  backlog: 'Respuesta ciudadana',
  backlogIntro: 'Porcentaje de mensajes contestados y tiempo mediano a la primera respuesta.',
  representativeness: 'Representatividad frente al padrón',
  representativenessIntro: 'Proporción de remitentes frente a la proporción de la lista nominal; 1 = igual, más de 1 = sobrerrepresentado.',
  missingTable: (tables: string) => `Sección no disponible todavía: falta ${tables} en el almacén (ejecute \`buzon enrich\` y \`buzon build\`).`,
  fallbackNote: (what: string) => `Vista provisional: ${what}.`,
  fallbackTimeOfWeek: 'sin enriquecimiento se usa la hora de la Ciudad de México y no la del remitente',
  fallbackDaily: 'sin enriquecimiento no hay desglose por tema',
  emptySection: 'Sin datos en este periodo.',
  issuesTooSmall: (k: string) => `Los temas con menos de ${k} remitentes en cada hora no aparecen en el selector.`,
  messages: 'Mensajes',
  senders: 'Remitentes',
  contacts: 'Contactos',
  issue: 'Tema',
  state: 'Estado',
  ageBand: 'Edad',
  weekday: 'Día',
  hour: 'Hora',
  day: 'Fecha',
  share: 'Porcentaje',
  shareOfIssue: (issue: string) => `% ${issue}`,
  allIssues: 'Todos los temas',
  metric: 'Métrica',
  silo: 'Audiencia',
  audiences: 'Audiencias',
  inbound: 'Recibidos',
  answered: 'Contestados',
  unanswered: 'Sin respuesta',
  answeredShare: '% contestado',
  medianReply: 'Mediana a respuesta',
  medianReplyNote: 'Las medianas se aproximan con la mediana ponderada de las medianas por tema, estado y día (response_backlog); los conteos son exactos.',
  byIssue: 'Por tema',
  byState: 'Por estado',
  senderShare: '% remitentes',
  electorateShare: '% lista nominal',
  ratio: 'Razón',
  over: 'Sobrerrepresentado',
  under: 'Subrepresentado',
  ageBands: 'Por grupo de edad',
  states: 'Por estado',
  unknown: 'Desconocido',
  suppressedNote: (k: string) => `Celdas con menos de ${k} remitentes distintos se muestran como «<${k}» y no se dibujan.`,
  electorateNote: 'La lista nominal por estado y edad es una ESTIMACIÓN (total estatal de la lista nominal del INE según la prensa × perfil nacional de edad), no una tabla oficial del INE; ver data/mx/README.md.',
  electorateSource: 'Lista nominal: data/<país>/electorate.csv.',
  k: 'Umbral de privacidad',
  headlineTotals: (messages: string, senders: string, period: string) =>
    `Se recibieron ${messages} mensajes de ${senders} remitentes distintos (${period}).`,
  headlineIssues: (list: string) => `Los temas más mencionados: ${list}.`,
  headlineStates: (list: string) => `Los estados con más remitentes: ${list}.`,
  headlineUnknownState: (share: string) => `El ${share} de los remitentes no tiene estado conocido.`,
  headlineBusiest: (when: string, messages: string) => `La franja más activa es ${when} (${messages} mensajes).`,
  headlineBusiestSlot: (slot: string, share: string) => `Por franja, ${slot} concentra el ${share} de los mensajes.`,
  headlineBacklog: (answered: string, unanswered: string, median: string, approx: boolean) =>
    `Se ha contestado el ${answered} de los mensajes; quedan ${unanswered} sin respuesta; la mediana hasta la primera respuesta es ${approx ? 'de unas ' : ''}${median}.`,
  headlineBacklogNoMedian: (answered: string, unanswered: string) =>
    `Se ha contestado el ${answered} de los mensajes; quedan ${unanswered} sin respuesta.`,
  headlineSilos: (count: string, largest: string, size: string) =>
    `Hay ${count} audiencias alcanzables; la mayor es ${largest} con ${size} contactos.`,
  at: (weekday: string, hour: string) => `el ${weekday} a las ${hour}`,
  weekdayPart: 'entre semana',
  weekendPart: 'fin de semana',
  and: 'y',
  silosCounts: (shown: string, hidden: string, k: string) =>
    `${shown} audiencias con ${k} contactos o más; ${hidden} audiencias más pequeñas no se muestran (menos de ${k} contactos).`,
  silosUnscoped: 'Las audiencias son las de hoy: no se filtran por periodo.',
  backlogDoubleCount: 'Por tema, un mensaje con dos temas cuenta en ambos.',
  samplesNote: 'Este documento incluye textos de muestra de mensajes individuales (--include-samples): no lo comparta fuera del equipo.',
  credit: 'Fuentes',
  printHint: 'Para PDF: Imprimir → Guardar como PDF (A4).',
};

export type ReportText = typeof es;

const en: ReportText = {
  title: 'Citizen inbox: strategy report',
  generated: 'Generated on',
  period: 'Period',
  allTime: 'whole period',
  segment: 'Segment',
  contents: 'Contents',
  headline: 'Summary',
  map: 'Map by state',
  mapIntro: 'Messages, distinct senders or the weight of each issue per state (pick the metric in the selector).',
  mapNoData: 'Light grey: no messages. Mid grey: fewer than {k} senders, figure suppressed.',
  timeOfWeek: "Activity by weekday and hour (sender's local time)",
  timeOfWeekIntro: "Messages by weekday and hour in each sender's local time; the selector shows one issue.",
  issueAge: 'Issues by age band',
  issueAgeIntro: 'Distinct senders per issue and declared or stated age band.',
  issueShare: 'Weight of each issue',
  issueShareIntro: 'Share of messages touching each issue (a message may touch two).',
  daily: 'Daily volume by issue',
  dailyIntro: 'Messages received per day (local time), by primary issue.',
  silos: 'Largest audiences',
  silosIntro: 'Reachable contacts (not opted out, not noise only) by primary issue, state and age band.',
  backlog: 'Responsiveness',
  backlogIntro: 'Share of messages answered and median time to the first reply.',
  representativeness: 'Representativeness against the electorate',
  representativenessIntro: "Senders' share against the electoral roll's share; 1 = equal, above 1 = over-represented.",
  missingTable: (tables: string) => `Section not available yet: ${tables} missing from the warehouse (run \`buzon enrich\` and \`buzon build\`).`,
  fallbackNote: (what: string) => `Provisional view: ${what}.`,
  fallbackTimeOfWeek: "without enrichment, Mexico City time is used instead of the sender's",
  fallbackDaily: 'without enrichment there is no issue breakdown',
  emptySection: 'No data in this period.',
  issuesTooSmall: (k: string) => `Issues with fewer than ${k} senders in every hour are not offered in the selector.`,
  messages: 'Messages',
  senders: 'Senders',
  contacts: 'Contacts',
  issue: 'Issue',
  state: 'State',
  ageBand: 'Age',
  weekday: 'Day',
  hour: 'Hour',
  day: 'Date',
  share: 'Share',
  shareOfIssue: (issue: string) => `% ${issue}`,
  allIssues: 'All issues',
  metric: 'Metric',
  silo: 'Audience',
  audiences: 'Audiences',
  inbound: 'Received',
  answered: 'Answered',
  unanswered: 'Unanswered',
  answeredShare: '% answered',
  medianReply: 'Median to reply',
  medianReplyNote: 'Medians are approximated by the weighted median of the medians per issue, state and day (response_backlog); counts are exact.',
  byIssue: 'By issue',
  byState: 'By state',
  senderShare: '% senders',
  electorateShare: '% electoral roll',
  ratio: 'Ratio',
  over: 'Over-represented',
  under: 'Under-represented',
  ageBands: 'By age band',
  states: 'By state',
  unknown: 'Unknown',
  suppressedNote: (k: string) => `Cells with fewer than ${k} distinct senders are shown as "<${k}" and not drawn.`,
  electorateNote: "The electoral roll by state and age is an ESTIMATE (INE state roll totals as reported in the press × the national age profile), not an official INE table; see data/mx/README.md.",
  electorateSource: 'Electoral roll: data/<country>/electorate.csv.',
  k: 'Privacy threshold',
  headlineTotals: (messages, senders, period) => `${messages} messages were received from ${senders} distinct senders (${period}).`,
  headlineIssues: (list) => `Most mentioned issues: ${list}.`,
  headlineStates: (list) => `States with most senders: ${list}.`,
  headlineUnknownState: (share) => `${share} of senders have no known state.`,
  headlineBusiest: (when, messages) => `The busiest hour is ${when} (${messages} messages).`,
  headlineBusiestSlot: (slot, share) => `By slot, ${slot} holds ${share} of messages.`,
  headlineBacklog: (answered, unanswered, median, approx) =>
    `${answered} of messages have been answered; ${unanswered} are waiting; the median time to first reply is ${approx ? 'about ' : ''}${median}.`,
  headlineBacklogNoMedian: (answered, unanswered) => `${answered} of messages have been answered; ${unanswered} are waiting.`,
  headlineSilos: (count, largest, size) => `There are ${count} reachable audiences; the largest is ${largest} with ${size} contacts.`,
  at: (weekday, hour) => `${weekday} at ${hour}`,
  weekdayPart: 'weekdays',
  weekendPart: 'weekends',
  and: 'and',
  silosCounts: (shown, hidden, k) => `${shown} audiences with ${k} contacts or more; ${hidden} smaller audiences are not shown (fewer than ${k} contacts).`,
  silosUnscoped: 'Audiences are as of today: they are not filtered by period.',
  backlogDoubleCount: 'By issue, a message with two issues counts under both.',
  samplesNote: 'This document includes sample texts of individual messages (--include-samples): do not share it outside the team.',
  credit: 'Sources',
  printHint: 'For PDF: Print → Save as PDF (A4).',
};

export function reportText(lang: ReportLang): ReportText {
  return lang === 'es' ? es : en;
}

/** Labels for the keys found in the data: issues, states, age bands, weekdays, slots. */
export interface ReportLabels {
  issue(key: string): string;
  state(code: string): string;
  /** Short state label for axes: 'NL', 'CDMX'. */
  stateAbbr(code: string): string;
  ageBand(band: string): string;
  /** ISO weekday 1..7 -> 'lunes' / 'Monday'. */
  weekday(iso: number): string;
  weekdayShort(iso: number): string;
  /** 'weekday_noche' -> 'entre semana, noche (19-23 h)'. */
  timeSlot(slot: string): string;
}

export function reportLabels(lang: ReportLang, country = 'mx'): ReportLabels {
  const text = reportText(lang);
  const data = loadCountryData(country);
  const states = new Map(data.states.map((s) => [s.isoCode, s]));
  const locale = lang === 'es' ? 'es-MX' : 'en-US';
  // 2024-01-01 was a Monday.
  const weekdayName = (iso: number, style: 'long' | 'short') =>
    new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, iso))).replace(/\.$/, '');
  const longDays = Array.from({ length: 7 }, (_, i) => weekdayName(i + 1, 'long'));
  const shortDays = Array.from({ length: 7 }, (_, i) => weekdayName(i + 1, 'short'));
  return {
    issue: (key) => ISSUE_NAMES[key]?.[lang] ?? humanise(key),
    state(code) {
      if (code === UNKNOWN || !code) return text.unknown;
      const state = states.get(code);
      if (!state) return code;
      return lang === 'es' ? COMMON_NAMES_ES[code] ?? commonName(state.nameEs, state.nameEn) : state.nameEn;
    },
    stateAbbr: (code) => (code === UNKNOWN || !code ? text.unknown : states.get(code)?.abbr ?? code),
    ageBand: (band) => (band === UNKNOWN || !band ? text.unknown : band),
    weekday: (iso) => longDays[iso - 1] ?? String(iso),
    weekdayShort: (iso) => shortDays[iso - 1] ?? String(iso),
    timeSlot(slot) {
      const [week, part] = slot.split('_');
      const weekLabel = week === 'weekend' ? text.weekendPart : text.weekdayPart;
      return `${weekLabel}, ${DAY_PARTS[part ?? '']?.[lang] ?? part}`;
    },
  };
}

/** Names people use where the official one is longer or ambiguous ('México' alone is the country). */
const COMMON_NAMES_ES: Record<string, string> = { 'MX-MEX': 'Estado de México' };

/** 'Veracruz de Ignacio de la Llave' -> 'Veracruz', 'Coahuila de Zaragoza' -> 'Coahuila'. */
function commonName(official: string, english: string): string {
  return official.startsWith(`${english} de `) ? english : official;
}

function humanise(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Age bands in their natural order ('18-24' < '25-34' < … < '65+'), unknown last. */
export function compareAgeBands(a: string, b: string): number {
  const rank = (band: string) => (band === UNKNOWN ? Number.MAX_SAFE_INTEGER : Number.parseInt(band, 10) || Number.MAX_SAFE_INTEGER - 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}
