/**
 * Number, date and label formatting for reports: Intl for es-MX (or en-US), and the one rule for
 * small cells: a suppressed count is written "<k", never as its value.
 */
export type ReportLang = 'es' | 'en';

export interface ReportFormat {
  lang: ReportLang;
  locale: string;
  /** The k of k-anonymity: cells with fewer distinct senders are suppressed. */
  k: number;
  /** "<10" for k = 10. */
  suppressedLabel: string;
  int(n: number): string;
  /** 0.123 -> "12.3%". */
  percent(share: number, digits?: number): string;
  /** A ratio such as 1.25 -> "1.25". */
  ratio(x: number): string;
  /** A count, or "<k" when suppressed or missing. */
  count(n: number | null | undefined, suppressed?: boolean): string;
  /** 'YYYY-MM-DD' -> "14 de mayo de 2024". */
  date(day: string): string;
  /** 'YYYY-MM-DD' -> "14 may". */
  shortDate(day: string): string;
  /** Minutes -> "45 min", "3 h 20 min", "2 d 4 h". */
  minutes(m: number): string;
  /** 14 -> "14:00". */
  hour(h: number): string;
}

export function reportFormat(lang: ReportLang, k: number): ReportFormat {
  const locale = lang === 'es' ? 'es-MX' : 'en-US';
  const intFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const ratioFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percentFormats = new Map<number, Intl.NumberFormat>();
  const longDate = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const shortDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const suppressedLabel = `<${k}`;
  const int = (n: number) => intFormat.format(n);
  return {
    lang, locale, k, suppressedLabel, int,
    percent(share, digits = 1) {
      let format = percentFormats.get(digits);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits });
        percentFormats.set(digits, format);
      }
      return format.format(share);
    },
    ratio: (x) => ratioFormat.format(x),
    count: (n, suppressed = false) => (suppressed || n === null || n === undefined ? suppressedLabel : int(n)),
    date: (day) => longDate.format(utcDay(day)),
    shortDate: (day) => shortDate.format(utcDay(day)),
    minutes(m) {
      const total = Math.round(m);
      if (total < 60) return `${total} min`;
      if (total < 48 * 60) {
        const h = Math.floor(total / 60);
        const rest = total % 60;
        return rest ? `${h} h ${rest} min` : `${h} h`;
      }
      const d = Math.floor(total / 1440);
      const h = Math.round((total % 1440) / 60);
      return h ? `${d} d ${h} h` : `${d} d`;
    },
    hour: (h) => `${String(h).padStart(2, '0')}:00`,
  };
}

function utcDay(day: string): Date {
  return new Date(`${day.slice(0, 10)}T12:00:00Z`);
}

/**
 * d3-format / d3-time-format locale for Vega (`config.locale`), built from Intl so axis labels
 * ("lun", "may", "1,234") read like the rest of the report.
 */
export function vegaLocale(format: ReportFormat) {
  const weekday = (style: 'long' | 'short') => new Intl.DateTimeFormat(format.locale, { weekday: style, timeZone: 'UTC' });
  const month = (style: 'long' | 'short') => new Intl.DateTimeFormat(format.locale, { month: style, timeZone: 'UTC' });
  // 2023-01-01 was a Sunday: d3 wants days starting on Sunday.
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2023, 0, 1 + i)));
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2023, i, 15)));
  const clean = (s: string) => s.replace(/\.$/, '');
  return {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
    time: {
      dateTime: format.lang === 'es' ? '%A, %e de %B de %Y, %X' : '%x, %X',
      date: format.lang === 'es' ? '%d/%m/%Y' : '%m/%d/%Y',
      time: '%H:%M:%S',
      periods: format.lang === 'es' ? ['a. m.', 'p. m.'] : ['AM', 'PM'],
      days: days.map((d) => weekday('long').format(d)),
      shortDays: days.map((d) => clean(weekday('short').format(d))),
      months: months.map((d) => month('long').format(d)),
      shortMonths: months.map((d) => clean(month('short').format(d))),
    },
  };
}
