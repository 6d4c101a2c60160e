/**
 * Kysely's view of the warehouse: every table and view with its columns' JS types (as the
 * dialect in kysely-dialect.ts returns them: integers as numbers, instants as Date, JSON as text).
 * DATABASE_COLUMNS repeats the names at run time; the compiler checks it against the interfaces
 * and test/query/built-warehouse.test.ts checks both against DuckDB's catalogue on a built warehouse.
 */

type Nullable<T> = T | null;

// --- spine (migration 001) ---
export interface SchemaVersionTable { version: number; name: string; applied_at: Date }
export interface SettingsTable { key: string; value: string }
export interface ImportBatchesTable {
  batch_id: number; file: string; sha256: string; format: string; kind: string; rows_read: number; messages: number;
  system_rows: number; duplicates: number; rejects: number; started_at: Date; finished_at: Nullable<Date>;
  details: Nullable<string>;
}
export interface MessagesTable {
  message_id: string; content_key: string; sender_key: string; sender_name: Nullable<string>; sender_resolved: boolean;
  sent_at: Date; direction: string; body: Nullable<string>; media: Nullable<string>; batch_id: number; source_file: string;
  source_line: Nullable<number>; extra: Nullable<string>;
}
export interface SystemRowsTable {
  batch_id: number; source_file: string; source_line: Nullable<number>; sent_at: Nullable<Date>; kind: string; text: Nullable<string>;
}
export interface RejectsTable {
  batch_id: number; source_file: string; source_line: Nullable<number>; raw: Nullable<string>; reason: string; sender_key: Nullable<string>;
}
export interface ContactsTable {
  sender_key: string; age: Nullable<number>; birth_year: Nullable<number>; state_declared: Nullable<string>;
  attributes: Nullable<string>; batch_id: number; updated_at: Date;
}
export interface ContactPhonesTable { sender_key: string; e164: string; batch_id: number }
export interface ModelRunsTable {
  model: string; sql_hash: string; inputs_hash: Nullable<string>; rows: Nullable<number>; ms: Nullable<number>; built_at: Date;
  mode: Nullable<string>;
}
export interface TableVersionsTable { table_name: string; version: string; written_at: Date }
export interface MessagesPerDayTable { day: Date; direction: string; messages: number; senders: number }
export interface MessagesByHourOfWeekTable { weekday: number; hour: number; messages: number; senders: number }

// --- enrichment (contract tables, and the classifier's own) ---
export interface MessageEnrichmentTable {
  message_id: string; sender_key: string; direction: string; sent_at: Date; primary_issue: string; issues: string[];
  issue_source: Nullable<string>; local_time: Nullable<Date>; local_weekday: Nullable<number>; local_hour: Nullable<number>;
  day_part: Nullable<string>; week_part: Nullable<string>; time_slot: Nullable<string>; noise: Nullable<string>;
  chain_id: Nullable<string>; chain_size: Nullable<number>; optout_event: Nullable<string>; stated_age: Nullable<number>;
}
export interface MessageIssuesTable { message_id: string; issue: string; confidence: number; source: string }
export interface MessageIssueSummaryTable { message_id: string; primary_issue: string; issues: string[]; issue_source: Nullable<string> }
export interface MessageLabelsTable { message_id: string; issues: string[]; source_file: string; source_line: Nullable<number>; imported_at: Date }
export interface ClassifierModelsTable {
  version: number; created_at: Date; algorithm: string; taxonomy_version: Nullable<string>; issues: string[]; params: string;
  metrics: string; training_rows: number; active: boolean;
}
export interface ClassifierWeightsTable { version: number; feature: string; issue: string; weight: number }
export interface SenderEnrichmentTable {
  sender_key: string; country: Nullable<string>; state_code: Nullable<string>; state_source: Nullable<string>;
  state_confidence: Nullable<number>; time_zone: Nullable<string>; age: Nullable<number>; age_band: Nullable<string>;
  age_source: Nullable<string>; age_confidence: Nullable<number>; opted_out: boolean; opted_out_at: Nullable<Date>;
  optout_message_id: Nullable<string>;
}

/** `buzon enrich`'s own state between runs (src/enrich/enrich-state.ts and the steps): not for analysts. */
export interface EnrichmentRunsTable {
  run_id: number; mode: string; reason: string; config_hash: string; until_batch: number; messages: number; contacts: number;
  forgets: number; changed_senders: number; finished_at: Date;
}
export interface EnrichmentChangesTable { run_id: number; sender_key: string }
export interface EnrichmentEventsTable {
  message_id: string; sender_key: string; sent_at: Date; text_id: Nullable<string>; optout_event: Nullable<string>;
  stated_age: Nullable<number>; hint_age: Nullable<number>; hint_confidence: Nullable<number>;
}
export interface EnrichmentMentionsTable {
  sender_key: string; message_id: string; sent_at: Date; text_id: Nullable<string>; alias: string; iso_code: string;
}
export interface EnrichmentSendersTable { sender_key: string; last_at: Nullable<Date> }
export interface EnrichmentChainTextsTable {
  text_id: string; pair_count: number; pairs: string[];
  h0: string; h1: string; h2: string; h3: string; h4: string; h5: string; h6: string; h7: string; h8: string; h9: string; h10: string; h11: string; h12: string; h13: string; h14: string; h15: string; h16: string; h17: string; h18: string; h19: string; h20: string;
}
export interface EnrichmentChainBandsTable { text_id: string; band: number; bucket: string }
export interface EnrichmentChainLinksTable { band: number; bucket: string; a: string; b: string }
export interface EnrichmentChainMembersTable { message_id: string; sender_key: string; text_id: string }
export interface EnrichmentChainLabelsTable { node: string; label: string }
export interface EnrichmentChainAssignTable { text_id: string; chain_id: string; chain_size: number }

// --- segment contract ---
export interface InboundMessageFactsTable {
  sender_key: string; issue: string; label_no: number; state_code: string; age_band: string;
  local_weekday: number; local_hour: number; time_slot: string;
}
interface Counts { messages: number; senders: number; suppressed: boolean }
export interface SegmentIssueStateTable extends Counts { issue: string; state_code: string }
export interface SegmentIssueAgeTable extends Counts { issue: string; age_band: string }
export interface SegmentStateTimeOfWeekTable extends Counts { state_code: string; local_weekday: number; local_hour: number; time_slot: string }
export interface SegmentIssueTimeOfWeekTable extends Counts { issue: string; local_weekday: number; local_hour: number; time_slot: string }
export interface SegmentCubeTable extends Counts { issue: string; age_band: string; state_code: string; time_slot: string }
export interface IssueShare { issue: string; share: number }
export interface ContactProfileTable {
  sender_key: string; first_seen: Date; last_seen: Date; messages_in: number; messages_out: number; primary_issue: string;
  issue_ranking: IssueShare[]; state_code: string; state_source: Nullable<string>; state_confidence: Nullable<number>;
  age_band: string; age_source: Nullable<string>; opted_out: boolean; noise_only: boolean;
  best_day_part: Nullable<string>; best_week_part: Nullable<string>;
}
export interface AudienceSilosTable { silo_key: string; primary_issue: string; state_code: string; age_band: string; contacts: number; suppressed: boolean }
export interface AudienceMembersTable { sender_key: string; silo_key: string }
export interface SegmentDefinitionsTable { name: string; where_text: string; created_by: string; created_at: Date; updated_at: Date }
export interface ExportLogTable {
  export_id: number; who: string; exported_at: Date; selection: string; filter_text: Nullable<string>; resolved_filter: Nullable<string>;
  row_count: number; withheld: number; out_file: Nullable<string>; sha256: string; revealed_phones: boolean;
}
export interface ForgetLogTable {
  forget_id: number; sender_key: string; who: string; forgotten_at: Date; messages: number; contacts: number; phones: number;
  other_rows: number; mentions_masked: number; details: string;
}
export interface ResponseBacklogTable {
  issue: string; state_code: string; day: Date; inbound: number; answered: number; unanswered: number;
  median_minutes_to_reply: Nullable<number>; senders: number; suppressed: boolean;
}

// --- analyst views (sql/v_*.sql, documented in src/query/data-dictionary.ts) ---
export interface VMessagesView {
  message_id: string; sender_key: string; direction: string; sent_at: Date; local_time: Nullable<Date>; month: string;
  local_weekday: Nullable<number>; local_hour: Nullable<number>; day_part: Nullable<string>; week_part: Nullable<string>;
  time_slot: Nullable<string>; primary_issue: Nullable<string>; issues: Nullable<string[]>; issue_source: Nullable<string>;
  noise: Nullable<string>; chain_id: Nullable<string>; chain_size: Nullable<number>; optout_event: Nullable<string>;
  stated_age: Nullable<number>; state_code: string; state_source: Nullable<string>; country: Nullable<string>;
  age_band: string; age_source: Nullable<string>; media: Nullable<string>; body: Nullable<string>; sender_resolved: boolean;
  batch_id: number; source_line: Nullable<number>;
}
export interface VContactsView {
  sender_key: string; first_seen: Date; last_seen: Date; messages_in: number; messages_out: number; primary_issue: string;
  issue_ranking: IssueShare[]; state_code: string; state_source: Nullable<string>; state_confidence: Nullable<number>;
  country: Nullable<string>; time_zone: Nullable<string>; age_band: string; age_source: Nullable<string>;
  age_confidence: Nullable<number>; opted_out: boolean; opted_out_at: Nullable<Date>; noise_only: boolean;
  best_day_part: Nullable<string>; best_week_part: Nullable<string>; silo_key: Nullable<string>;
  state_declared: Nullable<string>; attributes: Nullable<string>;
}
interface ViewCounts { messages: Nullable<number>; senders: Nullable<number>; suppressed: boolean }
export interface VSegmentsIssueStateView extends ViewCounts { issue: string; state_code: string }
export interface VSegmentsIssueAgeView extends ViewCounts { issue: string; age_band: string }
export interface VSegmentsStateTimeOfWeekView extends ViewCounts { state_code: string; local_weekday: number; local_hour: number; time_slot: string }
export interface VSegmentsIssueTimeOfWeekView extends ViewCounts { issue: string; local_weekday: number; local_hour: number; time_slot: string }
export interface VSegmentsCubeView extends ViewCounts { issue: string; age_band: string; state_code: string; time_slot: string }
export interface VAudienceSilosView { silo_key: string; primary_issue: string; state_code: string; age_band: string; contacts: Nullable<number>; suppressed: boolean }
export interface VRejectsView {
  batch_id: number; format: Nullable<string>; kind: Nullable<string>; source_file: string; source_line: Nullable<number>;
  reason: string; raw: Nullable<string>; imported_at: Nullable<Date>;
}
export interface VImportBatchesView {
  batch_id: number; file: string; sha256: string; format: string; kind: string; rows_read: number; messages: number;
  system_rows: number; duplicates: number; rejects: number; accounted: boolean; started_at: Date; finished_at: Nullable<Date>;
  seconds: Nullable<number>;
}

export interface Database {
  schema_version: SchemaVersionTable;
  settings: SettingsTable;
  import_batches: ImportBatchesTable;
  messages: MessagesTable;
  system_rows: SystemRowsTable;
  rejects: RejectsTable;
  contacts: ContactsTable;
  contact_phones: ContactPhonesTable;
  model_runs: ModelRunsTable;
  table_versions: TableVersionsTable;
  messages_per_day: MessagesPerDayTable;
  messages_by_hour_of_week: MessagesByHourOfWeekTable;
  message_enrichment: MessageEnrichmentTable;
  message_issues: MessageIssuesTable;
  message_issue_summary: MessageIssueSummaryTable;
  message_labels: MessageLabelsTable;
  classifier_models: ClassifierModelsTable;
  classifier_weights: ClassifierWeightsTable;
  sender_enrichment: SenderEnrichmentTable;
  inbound_message_facts: InboundMessageFactsTable;
  segment_issue_state: SegmentIssueStateTable;
  segment_issue_age: SegmentIssueAgeTable;
  segment_state_time_of_week: SegmentStateTimeOfWeekTable;
  segment_issue_time_of_week: SegmentIssueTimeOfWeekTable;
  segment_cube: SegmentCubeTable;
  contact_profile: ContactProfileTable;
  audience_silos: AudienceSilosTable;
  audience_members: AudienceMembersTable;
  response_backlog: ResponseBacklogTable;
  segment_definitions: SegmentDefinitionsTable;
  export_log: ExportLogTable;
  forget_log: ForgetLogTable;
  enrichment_runs: EnrichmentRunsTable;
  enrichment_changes: EnrichmentChangesTable;
  enrichment_events: EnrichmentEventsTable;
  enrichment_mentions: EnrichmentMentionsTable;
  enrichment_senders: EnrichmentSendersTable;
  enrichment_chain_texts: EnrichmentChainTextsTable;
  enrichment_chain_bands: EnrichmentChainBandsTable;
  enrichment_chain_links: EnrichmentChainLinksTable;
  enrichment_chain_members: EnrichmentChainMembersTable;
  enrichment_chain_labels: EnrichmentChainLabelsTable;
  enrichment_chain_assign: EnrichmentChainAssignTable;
  v_messages: VMessagesView;
  v_contacts: VContactsView;
  v_segments_issue_state: VSegmentsIssueStateView;
  v_segments_issue_age: VSegmentsIssueAgeView;
  v_segments_state_time_of_week: VSegmentsStateTimeOfWeekView;
  v_segments_issue_time_of_week: VSegmentsIssueTimeOfWeekView;
  v_segments_cube: VSegmentsCubeView;
  v_audience_silos: VAudienceSilosView;
  v_rejects: VRejectsView;
  v_import_batches: VImportBatchesView;
}

type ColumnLists = { readonly [T in keyof Database]: readonly (keyof Database[T] & string)[] };

/** Every table's and view's columns, in the catalogue's order. */
export const DATABASE_COLUMNS = {
  schema_version: ['version', 'name', 'applied_at'],
  settings: ['key', 'value'],
  import_batches: ['batch_id', 'file', 'sha256', 'format', 'kind', 'rows_read', 'messages', 'system_rows', 'duplicates', 'rejects', 'started_at', 'finished_at', 'details'],
  messages: ['message_id', 'content_key', 'sender_key', 'sender_name', 'sender_resolved', 'sent_at', 'direction', 'body', 'media', 'batch_id', 'source_file', 'source_line', 'extra'],
  system_rows: ['batch_id', 'source_file', 'source_line', 'sent_at', 'kind', 'text'],
  rejects: ['batch_id', 'source_file', 'source_line', 'raw', 'reason', 'sender_key'],
  contacts: ['sender_key', 'age', 'birth_year', 'state_declared', 'attributes', 'batch_id', 'updated_at'],
  contact_phones: ['sender_key', 'e164', 'batch_id'],
  model_runs: ['model', 'sql_hash', 'inputs_hash', 'rows', 'ms', 'built_at', 'mode'],
  table_versions: ['table_name', 'version', 'written_at'],
  messages_per_day: ['day', 'direction', 'messages', 'senders'],
  messages_by_hour_of_week: ['weekday', 'hour', 'messages', 'senders'],
  message_enrichment: ['message_id', 'sender_key', 'direction', 'sent_at', 'primary_issue', 'issues', 'issue_source', 'local_time', 'local_weekday', 'local_hour', 'day_part', 'week_part', 'time_slot', 'noise', 'chain_id', 'chain_size', 'optout_event', 'stated_age'],
  message_issues: ['message_id', 'issue', 'confidence', 'source'],
  message_issue_summary: ['message_id', 'primary_issue', 'issues', 'issue_source'],
  message_labels: ['message_id', 'issues', 'source_file', 'source_line', 'imported_at'],
  classifier_models: ['version', 'created_at', 'algorithm', 'taxonomy_version', 'issues', 'params', 'metrics', 'training_rows', 'active'],
  classifier_weights: ['version', 'feature', 'issue', 'weight'],
  sender_enrichment: ['sender_key', 'country', 'state_code', 'state_source', 'state_confidence', 'time_zone', 'age', 'age_band', 'age_source', 'age_confidence', 'opted_out', 'opted_out_at', 'optout_message_id'],
  inbound_message_facts: ['sender_key', 'issue', 'label_no', 'state_code', 'age_band', 'local_weekday', 'local_hour', 'time_slot'],
  segment_issue_state: ['issue', 'state_code', 'messages', 'senders', 'suppressed'],
  segment_issue_age: ['issue', 'age_band', 'messages', 'senders', 'suppressed'],
  segment_state_time_of_week: ['state_code', 'local_weekday', 'local_hour', 'time_slot', 'messages', 'senders', 'suppressed'],
  segment_issue_time_of_week: ['issue', 'local_weekday', 'local_hour', 'time_slot', 'messages', 'senders', 'suppressed'],
  segment_cube: ['issue', 'age_band', 'state_code', 'time_slot', 'messages', 'senders', 'suppressed'],
  contact_profile: ['sender_key', 'first_seen', 'last_seen', 'messages_in', 'messages_out', 'primary_issue', 'issue_ranking', 'state_code', 'state_source', 'state_confidence', 'age_band', 'age_source', 'opted_out', 'noise_only', 'best_day_part', 'best_week_part'],
  audience_silos: ['silo_key', 'primary_issue', 'state_code', 'age_band', 'contacts', 'suppressed'],
  audience_members: ['sender_key', 'silo_key'],
  response_backlog: ['issue', 'state_code', 'day', 'inbound', 'answered', 'unanswered', 'median_minutes_to_reply', 'senders', 'suppressed'],
  segment_definitions: ['name', 'where_text', 'created_by', 'created_at', 'updated_at'],
  export_log: ['export_id', 'who', 'exported_at', 'selection', 'filter_text', 'resolved_filter', 'row_count', 'withheld', 'out_file', 'sha256', 'revealed_phones'],
  forget_log: ['forget_id', 'sender_key', 'who', 'forgotten_at', 'messages', 'contacts', 'phones', 'other_rows', 'mentions_masked', 'details'],
  enrichment_runs: ['run_id', 'mode', 'reason', 'config_hash', 'until_batch', 'messages', 'contacts', 'forgets', 'changed_senders', 'finished_at'],
  enrichment_changes: ['run_id', 'sender_key'],
  enrichment_events: ['message_id', 'sender_key', 'sent_at', 'text_id', 'optout_event', 'stated_age', 'hint_age', 'hint_confidence'],
  enrichment_mentions: ['sender_key', 'message_id', 'sent_at', 'text_id', 'alias', 'iso_code'],
  enrichment_senders: ['sender_key', 'last_at'],
  enrichment_chain_texts: ['text_id', 'pair_count', 'pairs', 'h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9', 'h10', 'h11', 'h12', 'h13', 'h14', 'h15', 'h16', 'h17', 'h18', 'h19', 'h20'],
  enrichment_chain_bands: ['text_id', 'band', 'bucket'],
  enrichment_chain_links: ['band', 'bucket', 'a', 'b'],
  enrichment_chain_members: ['message_id', 'sender_key', 'text_id'],
  enrichment_chain_labels: ['node', 'label'],
  enrichment_chain_assign: ['text_id', 'chain_id', 'chain_size'],
  v_messages: ['message_id', 'sender_key', 'direction', 'sent_at', 'local_time', 'month', 'local_weekday', 'local_hour', 'day_part', 'week_part', 'time_slot', 'primary_issue', 'issues', 'issue_source', 'noise', 'chain_id', 'chain_size', 'optout_event', 'stated_age', 'state_code', 'state_source', 'country', 'age_band', 'age_source', 'media', 'body', 'sender_resolved', 'batch_id', 'source_line'],
  v_contacts: ['sender_key', 'first_seen', 'last_seen', 'messages_in', 'messages_out', 'primary_issue', 'issue_ranking', 'state_code', 'state_source', 'state_confidence', 'country', 'time_zone', 'age_band', 'age_source', 'age_confidence', 'opted_out', 'opted_out_at', 'noise_only', 'best_day_part', 'best_week_part', 'silo_key', 'state_declared', 'attributes'],
  v_segments_issue_state: ['issue', 'state_code', 'messages', 'senders', 'suppressed'],
  v_segments_issue_age: ['issue', 'age_band', 'messages', 'senders', 'suppressed'],
  v_segments_state_time_of_week: ['state_code', 'local_weekday', 'local_hour', 'time_slot', 'messages', 'senders', 'suppressed'],
  v_segments_issue_time_of_week: ['issue', 'local_weekday', 'local_hour', 'time_slot', 'messages', 'senders', 'suppressed'],
  v_segments_cube: ['issue', 'age_band', 'state_code', 'time_slot', 'messages', 'senders', 'suppressed'],
  v_audience_silos: ['silo_key', 'primary_issue', 'state_code', 'age_band', 'contacts', 'suppressed'],
  v_rejects: ['batch_id', 'format', 'kind', 'source_file', 'source_line', 'reason', 'raw', 'imported_at'],
  v_import_batches: ['batch_id', 'file', 'sha256', 'format', 'kind', 'rows_read', 'messages', 'system_rows', 'duplicates', 'rejects', 'accounted', 'started_at', 'finished_at', 'seconds'],
} as const satisfies ColumnLists;

/** Compile-time check that no interface column is missing from DATABASE_COLUMNS (the error names it). */
type MissingColumns = {
  [T in keyof Database]: Exclude<keyof Database[T], (typeof DATABASE_COLUMNS)[T][number]>;
}[keyof Database];
export const COLUMN_LISTS_COMPLETE: [MissingColumns] extends [never] ? true : { missing: MissingColumns } = true;
