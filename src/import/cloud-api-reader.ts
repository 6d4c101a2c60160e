import { InputError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteLiteral } from '../db/sql-identifiers.ts';
import type { FormatReader, ReadOptions } from './format-reader.ts';

/**
 * WhatsApp Business Cloud API webhook payloads, as NDJSON (one payload a line) or a JSON document
 * (one payload or an array of them). DuckDB reads them typed, in bulk, straight into the fields
 * below; `entry[].changes[].value.messages[]` become messages, `statuses[]` are counted only.
 */
const V = 'VARCHAR';
const MESSAGE_SHAPE = {
  from: V, id: V, timestamp: V, type: V,
  text: { body: V },
  image: { caption: V, mime_type: V }, video: { caption: V, mime_type: V }, document: { caption: V, filename: V, mime_type: V },
  audio: { voice: 'BOOLEAN', mime_type: V }, sticker: { animated: 'BOOLEAN' },
  location: { latitude: 'DOUBLE', longitude: 'DOUBLE', name: V, address: V },
  interactive: { type: V, button_reply: { id: V, title: V }, list_reply: { id: V, title: V, description: V } },
  button: { text: V, payload: V },
  reaction: { message_id: V, emoji: V },
  system: { body: V, type: V },
  context: { id: V, from: V },
  errors: [{ code: 'BIGINT', title: V }],
};
const ENTRY_SHAPE = [{
  id: V,
  changes: [{
    field: V,
    value: {
      metadata: { display_phone_number: V, phone_number_id: V },
      contacts: [{ profile: { name: V }, wa_id: V }],
      messages: [MESSAGE_SHAPE],
      statuses: [{ id: V, status: V }],
    },
  }],
}];

type Shape = string | Shape[] | { [key: string]: Shape };

/** A shape as a DuckDB type: `{a: V}` → STRUCT("a" VARCHAR), `[x]` → x[] (the same shape, as JSON, is `from_json`'s structure). */
function duckType(shape: Shape): string {
  if (typeof shape === 'string') return shape;
  if (Array.isArray(shape)) return `${duckType(shape[0]!)}[]`;
  return `STRUCT(${Object.entries(shape).map(([k, v]) => `"${k}" ${duckType(v)}`).join(', ')})`;
}

const ENTRY_TYPE = duckType(ENTRY_SHAPE);

export const cloudApiReader: FormatReader = {
  format: 'cloud-api',
  detect(headText) {
    const start = headText.trimStart();
    return (start.startsWith('{') || start.startsWith('[')) && /"entry"\s*:/.test(start)
      && /"whatsapp_business_account"|"messaging_product"\s*:\s*"whatsapp"/.test(start);
  },
  async stage(context: BuzonContext, file: string, options: ReadOptions) {
    const { warehouse } = context;
    const ndjson = isNdjson(options.headText);
    try {
      // Fast path: the whole file typed in one scan. `payload` is the payload's ordinal (the line of an NDJSON log).
      await warehouse.run(
        `CREATE OR REPLACE TEMP TABLE ca_payloads AS
         SELECT row_number() OVER () AS payload, entry
         FROM read_json($file, format = ${ndjson ? "'newline_delimited'" : "'auto'"}, columns = {entry: '${ENTRY_TYPE}'}, maximum_object_size = 67108864)`,
        { file },
      );
    } catch (error) {
      if (!ndjson) throw new InputError(`not valid JSON (${firstLine(error)})`, { file: options.displayName });
      await loadLineByLine(context, file);
    }
    await warehouse.run(`
      CREATE OR REPLACE TEMP TABLE ca_values AS
      WITH entries AS (SELECT payload, unnest(entry) AS e FROM ca_payloads),
           changes AS (SELECT payload, unnest(e.changes) AS ch FROM entries)
      SELECT payload, ch.value AS v FROM changes`);
    await warehouse.run(`
      CREATE OR REPLACE TEMP TABLE ca_messages AS
      SELECT payload, v.contacts AS contacts, unnest(v.messages) AS m, generate_subscripts(v.messages, 1) AS idx
      FROM ca_values WHERE len(v.messages) > 0`);
    await warehouse.run(`
      INSERT INTO stage_messages
      SELECT payload, m.id, m."from",
             NULL,
             coalesce(list_filter(contacts, c -> c.wa_id = m."from")[1].profile.name, contacts[1].profile.name),
             CASE WHEN problem IS NULL THEN instant END, problem,
             'in',
             CASE m.type
               WHEN 'text' THEN m.text.body
               WHEN 'image' THEN m.image.caption WHEN 'video' THEN m.video.caption WHEN 'document' THEN m.document.caption
               WHEN 'location' THEN nullif(concat_ws(', ', m.location.name, m.location.address), '')
               WHEN 'interactive' THEN coalesce(m.interactive.button_reply.title, m.interactive.list_reply.title)
               WHEN 'button' THEN m.button.text
               WHEN 'reaction' THEN m.reaction.emoji
             END,
             CASE WHEN m.type IN ('image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts') THEN m.type
                  WHEN m.type IN ('text', 'interactive', 'button', 'reaction') THEN NULL
                  ELSE 'other' END,
             CASE WHEN m.type <> 'text' OR m.context.id IS NOT NULL THEN json_merge_patch('{}', json_object(
               'type', m.type,
               'voice_note', CASE WHEN m.audio.voice THEN true END,
               'filename', m.document.filename,
               'latitude', m.location.latitude, 'longitude', m.location.longitude,
               'reply_id', coalesce(m.interactive.button_reply.id, m.interactive.list_reply.id, m.button.payload),
               'reaction_to', m.reaction.message_id,
               'in_reply_to', m.context.id,
               'error', m.errors[1].title)) END,
             to_json(m)::VARCHAR
      FROM (SELECT *, to_timestamp(try_cast(m.timestamp AS BIGINT)) AS instant,
                   CASE WHEN try_cast(m.timestamp AS BIGINT) IS NULL THEN 'timestamp is not Unix seconds'
                        WHEN to_timestamp(try_cast(m.timestamp AS BIGINT)) < TIMESTAMPTZ '2000-01-01 00:00:00+00' THEN 'sent_at before 2000'
                        WHEN to_timestamp(try_cast(m.timestamp AS BIGINT)) > now() + INTERVAL 1 DAY THEN 'sent_at in the future' END AS problem
            FROM ca_messages)
      WHERE m.type IS DISTINCT FROM 'system' AND NOT (m.type = 'reaction' AND coalesce(m.reaction.emoji, '') = '')`);
    // Not messages, yet rows of the log: number changes and other system notices, withdrawn reactions.
    await warehouse.run(`
      INSERT INTO stage_system
      SELECT payload, to_timestamp(try_cast(m.timestamp AS BIGINT)),
             CASE WHEN m.type = 'system' THEN coalesce('system:' || m.system.type, 'system') ELSE 'reaction_removed' END,
             coalesce(m.system.body, 'reaction to ' || m.reaction.message_id || ' removed')
      FROM ca_messages
      WHERE m.type = 'system' OR (m.type = 'reaction' AND coalesce(m.reaction.emoji, '') = '')`);
    const counts = await warehouse.one<{ messages: number; statuses: number; payloads: number; other: number }>(`
      SELECT (SELECT count(*) FROM ca_messages) AS messages,
             (SELECT coalesce(sum(len(v.statuses)), 0) FROM ca_values) AS statuses,
             (SELECT count(*) FROM ca_payloads) AS payloads,
             (SELECT count(*) FROM ca_values WHERE coalesce(len(v.messages), 0) = 0 AND coalesce(len(v.statuses), 0) = 0) AS other`);
    const rejectedLines = await warehouse.scalar<number>('SELECT count(*) FROM stage_rejects');
    await warehouse.run('DROP TABLE ca_payloads; DROP TABLE ca_values; DROP TABLE ca_messages');
    return {
      rowsRead: counts!.messages + rejectedLines,
      details: { payloads: counts!.payloads, statuses: counts!.statuses, other_changes: counts!.other },
    };
  },
};

/** NDJSON when the first line holds a whole JSON value; else one document. */
function isNdjson(headText: string): boolean {
  const firstLine = headText.replace(/^\uFEFF/, '').trimStart().split('\n', 1)[0]!.trim();
  if (!firstLine.startsWith('{')) return false;
  try {
    JSON.parse(firstLine);
    return true;
  } catch {
    return false;
  }
}

/**
 * Slow path for a log with broken lines (a truncated last line, a stray banner): each line is checked,
 * bad ones are rejected with their line number, good ones typed as the fast path does.
 */
async function loadLineByLine(context: BuzonContext, file: string): Promise<void> {
  const { warehouse } = context;
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ca_lines AS
     SELECT row_number() OVER () AS line, j
     FROM read_csv($file, columns = {'j': 'VARCHAR'}, delim = '\x01', quote = '', escape = '', header = false,
                   auto_detect = false, max_line_size = 67108864, strict_mode = false)`,
    { file },
  );
  await warehouse.run(`
    INSERT INTO stage_rejects
    SELECT line, left(j, 2000), CASE WHEN json_valid(j) THEN 'not a webhook payload object' ELSE 'not valid JSON' END
    FROM ca_lines WHERE trim(j) <> '' AND (NOT json_valid(j) OR json_type(j::JSON) <> 'OBJECT')`);
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE ca_payloads AS
    SELECT line AS payload, from_json(j, ${quoteLiteral(JSON.stringify({ entry: ENTRY_SHAPE }))}).entry AS entry
    FROM ca_lines WHERE trim(j) <> '' AND json_valid(j) AND json_type(j::JSON) = 'OBJECT'`);
  await warehouse.run('DROP TABLE ca_lines');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}
