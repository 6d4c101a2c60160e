import { InputError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import { isoInstantSql } from './canonical-csv-reader.ts';
import { csvErrorsSql, dropCsvTable, findColumn, loadCsvTable, readCsvHeader } from './csv-source.ts';
import type { FormatReader, ReadOptions } from './format-reader.ts';

const REQUIRED = ['from', 'to', 'body'] as const;

/**
 * SentDate as Twilio writes it: `2022-09-14 21:05:31 -05:00` / `-0500`, RFC 2822
 * `Wed, 14 Sep 2022 21:05:31 +0000`, ISO 8601, or `… UTC`; without an offset it is read in `$tz`.
 */
function sentDateSql(expr: string): string {
  const s = `trim(${expr})`;
  return `CASE WHEN ${s} LIKE '% UTC' THEN timezone('UTC', try_cast(left(${s}, -4) AS TIMESTAMP))
               ELSE coalesce(try_strptime(${s}, ['%Y-%m-%d %H:%M:%S %z', '%a, %d %b %Y %H:%M:%S %z', '%Y-%m-%dT%H:%M:%S%z']),
                             ${isoInstantSql(expr)}) END`;
}

export const twilioReader: FormatReader = {
  format: 'twilio',
  detect(headText) {
    const header = headText.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.toLowerCase().split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
    return REQUIRED.every((name) => header.includes(name)) && ['sid', 'sentdate', 'direction'].some((name) => header.includes(name));
  },
  async stage(context: BuzonContext, file: string, options: ReadOptions) {
    const { warehouse } = context;
    const source = { encoding: options.encoding, displayName: options.displayName };
    const header = readCsvHeader(options.headText, source);
    const missing = REQUIRED.filter((name) => !findColumn(header, name));
    if (missing.length) {
      throw new InputError(`missing Twilio column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, { file: options.displayName, line: 1 });
    }
    await loadCsvTable(warehouse, file, 'raw_twilio', header, source);
    const col = (name: string) => {
      const found = findColumn(header, name.toLowerCase());
      return found ? quoteIdent(found) : 'NULL';
    };
    const dir = `lower(trim(coalesce(${col('direction')}, 'inbound')))`;
    await warehouse.run(
      `INSERT INTO stage_messages
       SELECT line, ${col('sid')},
              CASE WHEN ${dir} LIKE 'outbound%' THEN ${col('to')} ELSE ${col('from')} END,
              NULL, ${col('profilename')},
              CASE WHEN problem IS NULL THEN instant END, problem,
              CASE WHEN ${dir} = 'inbound' THEN 'in' WHEN ${dir} LIKE 'outbound%' THEN 'out' ELSE ${dir} END,
              ${col('body')},
              -- Without NumMedia, an MM… Sid (Twilio's id for messages with media) or an empty Body is media all the same.
              CASE WHEN coalesce(try_cast(${col('nummedia')} AS INTEGER), 0) = 0
                   THEN CASE WHEN coalesce(trim(${col('body')}), '') = ''
                               OR (coalesce(trim(${col('nummedia')}), '') = '' AND ${col('sid')} LIKE 'MM%') THEN 'other' END
                   ELSE CASE split_part(lower(coalesce(${col('mediacontenttype0')}, '')), '/', 1)
                     WHEN 'image' THEN 'image' WHEN 'audio' THEN 'audio' WHEN 'video' THEN 'video'
                     WHEN 'application' THEN 'document' WHEN 'text' THEN CASE WHEN contains(lower(${col('mediacontenttype0')}), 'vcard') THEN 'contacts' ELSE 'document' END
                     ELSE 'other' END END,
              CASE WHEN coalesce(${col('status')}, ${col('errorcode')}) IS NOT NULL
                   THEN json_merge_patch('{}', json_object('status', nullif(trim(${col('status')}), ''), 'error_code', nullif(trim(${col('errorcode')}), ''))) END,
              concat_ws(',', ${header.map(quoteIdent).join(', ')})
       FROM (SELECT *,
                    CASE WHEN coalesce(trim(${col('sentdate')}), '') = '' THEN 'missing SentDate'
                         WHEN instant IS NULL THEN 'SentDate is not a date-time'
                         WHEN instant < TIMESTAMPTZ '2000-01-01 00:00:00+00' THEN 'sent_at before 2000'
                         WHEN instant > now() + INTERVAL 1 DAY THEN 'sent_at in the future' END AS problem
             FROM (SELECT *, ${sentDateSql(col('sentdate'))} AS instant FROM raw_twilio))`,
      { tz: options.tz },
    );
    await warehouse.run(`INSERT INTO stage_rejects ${csvErrorsSql('raw_twilio')}`);
    const rowsRead = await warehouse.scalar<number>(
      'SELECT (SELECT count(*) FROM raw_twilio) + (SELECT count(DISTINCT line) FROM raw_twilio_errors)');
    await dropCsvTable(warehouse, 'raw_twilio');
    return { rowsRead };
  },
};
