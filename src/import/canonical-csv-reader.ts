import { InputError } from '../core/errors.ts';
import { quoteIdent, quoteLiteral } from '../db/sql-identifiers.ts';
import type { BuzonContext } from '../db/context.ts';
import type { FormatReader, ReadOptions } from './format-reader.ts';
import { maskPhonesInText } from '../privacy/phone-masking.ts';
import { csvErrorsSql, dropCsvTable, findColumn, firstLineOfText, loadCsvTable, readCsvHeader } from './csv-source.ts';

const KNOWN = ['message_id', 'sender', 'sent_at', 'direction', 'body', 'sender_name', 'media'] as const;
const REQUIRED = ['sender', 'sent_at'] as const;
export const MEDIA_KINDS = ['image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts'];

/** SQL turning an ISO 8601 text into an instant: with an offset or Z as written, naive ones in `$tz`. */
export function isoInstantSql(expr: string): string {
  return `CASE WHEN regexp_matches(trim(${expr}), '([Zz]|[+-]\\d{2}(:?\\d{2})?)$') THEN try_cast(trim(${expr}) AS TIMESTAMPTZ)
               ELSE timezone($tz, try_cast(trim(${expr}) AS TIMESTAMP)) END`;
}

/** The reason a parsed instant is refused, or NULL. */
export function instantProblemSql(rawExpr: string, instantExpr: string): string {
  return `CASE WHEN coalesce(trim(${rawExpr}), '') = '' THEN 'missing sent_at'
               WHEN ${instantExpr} IS NULL THEN 'sent_at is not an ISO 8601 date-time'
               WHEN ${instantExpr} < TIMESTAMPTZ '2000-01-01 00:00:00+00' THEN 'sent_at before 2000'
               WHEN ${instantExpr} > now() + INTERVAL 1 DAY THEN 'sent_at in the future' END`;
}

export const canonicalCsvReader: FormatReader = {
  format: 'csv',
  detect(headText) {
    // A ';' or tab header is taken too, so that stage() refuses it with a line that says why.
    const header = firstLineOfText(headText).toLowerCase();
    return /(^|[,;\t])\s*"?sender"?\s*([,;\t]|$)/.test(header) && /(^|[,;\t])\s*"?sent_at"?\s*([,;\t]|$)/.test(header);
  },
  async stage(context: BuzonContext, file: string, options: ReadOptions) {
    const { warehouse } = context;
    const source = { encoding: options.encoding, displayName: options.displayName };
    const header = readCsvHeader(options.headText, source);
    const missing = REQUIRED.filter((name) => !findColumn(header, name));
    if (missing.length) {
      // A file without a header shows a data row here: never echo a phone number.
      const seen = maskPhonesInText(header.join(',')).slice(0, 80);
      throw new InputError(
        `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header read as "${seen}"; buzon's CSV is comma-separated with a header row)`,
        { file: options.displayName, line: 1 },
      );
    }
    await loadCsvTable(warehouse, file, 'raw_csv', header, source);
    const col = (name: (typeof KNOWN)[number]) => {
      const found = findColumn(header, name);
      return found ? quoteIdent(found) : 'NULL';
    };
    const extras = header.filter((h) => !(KNOWN as readonly string[]).includes(h.trim().toLowerCase()));
    const extraSql = extras.length
      ? `json_object(${extras.map((h) => `${quoteLiteral(h)}, ${quoteIdent(h)}`).join(', ')})`
      : 'NULL';
    const instant = isoInstantSql(col('sent_at'));
    await warehouse.run(
      `INSERT INTO stage_messages
       SELECT line, ${col('message_id')}, ${col('sender')}, NULL, ${col('sender_name')},
              CASE WHEN problem IS NULL THEN instant END, problem,
              ${col('direction')}, ${col('body')},
              CASE WHEN coalesce(trim(${col('media')}), '') = '' THEN NULL
                   WHEN lower(trim(${col('media')})) IN (${MEDIA_KINDS.map(quoteLiteral).join(', ')}) THEN lower(trim(${col('media')}))
                   ELSE 'other' END,
              ${extraSql}, concat_ws(',', ${header.map(quoteIdent).join(', ')})
       FROM (SELECT *, ${instantProblemSql(col('sent_at'), 'instant')} AS problem
             FROM (SELECT *, ${instant} AS instant FROM raw_csv))`,
      { tz: options.tz },
    );
    await warehouse.run(`INSERT INTO stage_rejects ${csvErrorsSql('raw_csv')}`);
    const rowsRead = await warehouse.scalar<number>(
      `SELECT (SELECT count(*) FROM raw_csv_parsed) + (SELECT count(DISTINCT line) FROM raw_csv_errors)`);
    await dropCsvTable(warehouse, 'raw_csv');
    return { rowsRead };
  },
};
