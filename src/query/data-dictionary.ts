/**
 * The one source of truth for the analyst layer's documentation: every `v_*` view and what each
 * of its columns means. Types come from DuckDB's catalogue and example values from the data when
 * `buzon docs` runs, so neither can drift; a test fails when a view and this file disagree.
 */
export interface ViewDoc {
  name: string;
  /** What one row is. */
  grain: string;
  description: string;
  /** Hive partition columns for `buzon export --parquet` (those of month and state the view has). */
  partitionBy: string[];
  /** Column name -> meaning, in the view's column order. */
  columns: Record<string, string>;
  /** Columns whose example value the dictionary does not print (what a person wrote, contact-sheet data). */
  noExample?: string[];
}

const SUPPRESSED = 'true when fewer than k distinct senders are in this cell (k = settings.k_anonymity, default 10); its counts are then NULL';
const ISSUE = "issue key from the taxonomy (seguridad, economia, salud, …); 'sin_tema' when the message has none; a message with two issues counts under both";
const STATE = "ISO 3166-2:MX code of the sender's state (e.g. MX-NLE); 'desconocido' when unknown or outside Mexico";
const AGE_BAND = "age band of the sender: 18-24, 25-34, 35-44, 45-54, 55-64, 65+; 'desconocido' when unknown";
const WEEKDAY = "ISO weekday of the sender's local time: 1 = Monday … 7 = Sunday";
const HOUR = "hour of the sender's local time, 0-23";
const TIME_SLOT = "week_part || '_' || day_part, e.g. weekday_noche, weekend_manana";
const messagesCount = (what: string) => `messages ${what}; NULL when suppressed`;
const sendersCount = (what: string) => `distinct senders ${what}; NULL when suppressed`;

export const DATA_DICTIONARY: readonly ViewDoc[] = [
  {
    name: 'v_messages',
    grain: 'one row per message (inbound and outbound)',
    description: "Every message with its enrichment (issues, local time of week, noise, chains, opt-out) and its sender's state and age band. "
      + 'No phone column; phone-shaped digits inside the text are masked (•••• 5678). Enrichment columns are NULL for messages imported after the last `buzon enrich`.',
    partitionBy: ['month', 'state_code'],
    noExample: ['body'],
    columns: {
      message_id: "the message's identity: the provider's id when the export has one, else 'h:' + a hash of sender, minute and text",
      sender_key: "pseudonymous sender: HMAC-SHA256 of the phone number under the warehouse's secret key (joins to v_contacts)",
      direction: "'in' (a citizen wrote) or 'out' (the campaign replied)",
      sent_at: 'the instant the message was sent (TIMESTAMPTZ, shown in UTC)',
      local_time: "the sender's local wall-clock time (time zone of the sender's state)",
      month: "month of local_time as 'YYYY-MM' (partition key of the Parquet export)",
      local_weekday: WEEKDAY,
      local_hour: HOUR,
      day_part: 'part of the local day: madrugada (0-5), manana (6-11), tarde (12-18), noche (19-23)',
      week_part: "'weekday' (Monday-Friday) or 'weekend' (Saturday, Sunday), in local time",
      time_slot: TIME_SLOT,
      primary_issue: "the message's main issue; 'sin_tema' when none",
      issues: 'every issue the message touches (empty list when none)',
      issue_source: "what produced the labels: 'rules', 'model' or 'both'",
      noise: 'greeting, media, sticker, support or spam when the message carries no issue content; NULL otherwise',
      chain_id: 'cluster id of a chain message (the same or nearly the same text from many senders); NULL when not a chain',
      chain_size: 'number of messages in the chain cluster (1 when not a chain)',
      optout_event: "'optout' when the message asks to stop messages, 'optin' when it asks to resume; NULL otherwise",
      stated_age: 'an age the sender states in this message ("tengo 23 años"); NULL otherwise',
      state_code: STATE,
      state_source: "where the state came from: 'declared' (contact sheet), 'message' (named in a message) or 'area_code'; NULL when unknown",
      country: 'ISO 3166-1 alpha-2 country of the phone number (MX for Mexico); NULL when unknown',
      age_band: AGE_BAND,
      age_source: "where the age band came from: 'declared' (contact sheet) or 'message'; NULL when unknown",
      media: 'media kind when the message is or carries media: image, audio, video, document, sticker, location, contacts, other',
      body: 'the text as written, with phone-shaped digit runs masked',
      sender_resolved: 'false when a chat export named the sender by a contact name that no contact sheet mapped to a number',
      batch_id: 'the import batch the message came from (joins to v_import_batches)',
      source_line: 'line of the message in its source file',
    },
  },
  {
    name: 'v_contacts',
    grain: 'one row per sender (pseudonymous sender_key; no phone number)',
    description: 'Each contact\'s profile: activity, ranked issues, state and age band with their sources, opt-out, best send window and audience silo.',
    partitionBy: ['state_code'],
    noExample: ['attributes'],
    columns: {
      sender_key: "pseudonymous sender: HMAC-SHA256 of the phone number under the warehouse's secret key",
      first_seen: 'first message from or to this sender (UTC)',
      last_seen: 'last message from or to this sender (UTC)',
      messages_in: 'messages the sender wrote',
      messages_out: 'replies the campaign sent to the sender',
      primary_issue: "the sender's main issue across their messages; 'sin_tema' when none",
      issue_ranking: "the sender's issues, most frequent first, each with its share of their messages",
      state_code: STATE,
      state_source: "where the state came from: 'declared', 'message' or 'area_code'; NULL when unknown",
      state_confidence: 'confidence in the state, 0-1 (an area code shared by two states gives less)',
      country: 'ISO 3166-1 alpha-2 country of the phone number; NULL when unknown',
      time_zone: "IANA time zone used for the sender's local times",
      age_band: AGE_BAND,
      age_source: "where the age band came from: 'declared' or 'message'; NULL when unknown",
      age_confidence: 'confidence in the age band, 0-1',
      opted_out: 'true when the sender asked not to be messaged (and did not opt back in)',
      opted_out_at: 'when the sender opted out (UTC); NULL when not opted out',
      noise_only: 'true when every message of the sender is noise (greetings, stickers, spam, …)',
      best_day_part: 'the local day part the sender writes most in (madrugada, manana, tarde, noche)',
      best_week_part: "'weekday' or 'weekend', whichever the sender writes most in",
      silo_key: 'the audience silo the contact belongs to (joins to v_audience_silos); NULL when not reachable (opted out or noise only)',
      state_declared: 'the state as the contact sheet wrote it, before normalisation',
      attributes: 'other columns of the contact sheet, as JSON, phone-shaped digits masked',
    },
  },
  {
    name: 'v_segments_issue_state',
    grain: 'one row per issue and state',
    description: 'Inbound messages and distinct senders by issue and state. Counts of suppressed cells are NULL (small-cell protection).',
    partitionBy: ['state_code'],
    columns: {
      issue: ISSUE,
      state_code: STATE,
      messages: messagesCount('about the issue from senders in the state'),
      senders: sendersCount('in the cell'),
      suppressed: SUPPRESSED,
    },
  },
  {
    name: 'v_segments_issue_age',
    grain: 'one row per issue and age band',
    description: 'Inbound messages and distinct senders by issue and age band. Counts of suppressed cells are NULL.',
    partitionBy: [],
    columns: {
      issue: ISSUE,
      age_band: AGE_BAND,
      messages: messagesCount('about the issue from senders in the age band'),
      senders: sendersCount('in the cell'),
      suppressed: SUPPRESSED,
    },
  },
  {
    name: 'v_segments_state_time_of_week',
    grain: 'one row per state, local weekday and local hour',
    description: "Inbound activity by state and time of week in the senders' local time. Counts of suppressed cells are NULL.",
    partitionBy: ['state_code'],
    columns: {
      state_code: STATE,
      local_weekday: WEEKDAY,
      local_hour: HOUR,
      time_slot: TIME_SLOT,
      messages: messagesCount('in the hour'),
      senders: sendersCount('in the hour'),
      suppressed: SUPPRESSED,
    },
  },
  {
    name: 'v_segments_issue_time_of_week',
    grain: 'one row per issue, local weekday and local hour',
    description: "Inbound messages about each issue by time of week in the senders' local time. Counts of suppressed cells are NULL.",
    partitionBy: [],
    columns: {
      issue: ISSUE,
      local_weekday: WEEKDAY,
      local_hour: HOUR,
      time_slot: TIME_SLOT,
      messages: messagesCount('about the issue in the hour'),
      senders: sendersCount('in the cell'),
      suppressed: SUPPRESSED,
    },
  },
  {
    name: 'v_segments_cube',
    grain: 'one row per issue, age band, state and time slot',
    description: 'The full segment cube: issue x age band x state x time-of-week slot. Counts of suppressed cells are NULL.',
    partitionBy: ['state_code'],
    columns: {
      issue: ISSUE,
      age_band: AGE_BAND,
      state_code: STATE,
      time_slot: TIME_SLOT,
      messages: messagesCount('in the cell'),
      senders: sendersCount('in the cell'),
      suppressed: SUPPRESSED,
    },
  },
  {
    name: 'v_audience_silos',
    grain: 'one row per silo (primary issue x state x age band)',
    description: 'Reachable contacts (not opted out, not noise only) in silos; each contact is in exactly one. Sizes of suppressed silos are NULL.',
    partitionBy: ['state_code'],
    columns: {
      silo_key: "the silo's key: primary issue, state and age band",
      primary_issue: "the contacts' primary issue",
      state_code: STATE,
      age_band: AGE_BAND,
      contacts: 'reachable contacts in the silo; NULL when suppressed',
      suppressed: 'true when the silo has fewer than k contacts (k = settings.k_anonymity, default 10); contacts is then NULL',
    },
  },
  {
    name: 'v_rejects',
    grain: 'one row per input row that did not become a message or contact',
    description: 'What an import refused and why, with the file and line to look at. Phone-shaped digits are masked.',
    partitionBy: [],
    noExample: ['raw'],
    columns: {
      batch_id: 'the import batch (joins to v_import_batches)',
      format: 'the file format the batch was read as (csv, whatsapp, cloud-api, twilio, contacts)',
      kind: "what the file held: 'messages' or 'contacts'",
      source_file: 'the file name as given to buzon import (phone-shaped digits masked)',
      source_line: 'line of the refused row in the file',
      reason: 'why the row was refused',
      raw: 'the refused row as text, phone-shaped digits masked',
      imported_at: 'when the batch was imported (UTC)',
    },
  },
  {
    name: 'v_import_batches',
    grain: 'one row per imported file',
    description: 'Each import with its accounting: every row read is a message, a system row, a duplicate or a reject.',
    partitionBy: [],
    columns: {
      batch_id: 'the batch number',
      file: 'the file name as given to buzon import (phone-shaped digits masked)',
      sha256: 'SHA-256 of the file: the same file is never imported twice',
      format: 'the format the file was read as',
      kind: "'messages' or 'contacts'",
      rows_read: 'data rows in the file',
      messages: 'rows stored as messages (contacts, for a contacts sheet)',
      system_rows: 'system lines of a chat export (joins, encryption notices, deleted messages)',
      duplicates: 'rows skipped because the message was already stored',
      rejects: 'rows refused (see v_rejects)',
      accounted: 'true when rows_read = messages + system_rows + duplicates + rejects',
      started_at: 'when the import started (UTC)',
      finished_at: 'when the import finished (UTC)',
      seconds: 'how long the import took',
    },
  },
];

export function viewDoc(name: string): ViewDoc | undefined {
  return DATA_DICTIONARY.find((v) => v.name === name);
}

export const ANALYST_VIEWS: readonly string[] = DATA_DICTIONARY.map((v) => v.name);
