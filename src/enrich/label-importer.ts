/**
 * `buzon label import FILE`: readers' labels, CSV with `message_id` and `issues` (keys separated by
 * ';', empty or 'sin_tema' for none), into `message_labels`. A message labelled again is replaced.
 * The truth file `buzon generate` writes has these columns too, so it imports as is.
 */
import { basename, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteIdent } from '../db/sql-identifiers.ts';
import type { Warehouse } from '../db/warehouse.ts';
import { csvErrorsSql, dropCsvTable, findColumn, loadCsvTable, readCsvHeader } from '../import/csv-source.ts';
import { decodeHead, detectEncoding, readHead } from '../import/file-encoding.ts';
import { DEFAULT_TAXONOMY_FILE, NO_ISSUE, issueKeys, loadTaxonomy } from './issue-taxonomy.ts';

export interface LabelImportSummary {
  file: string;
  rows: number;
  /** Labelled messages that exist in the warehouse. */
  matched: number;
  /** Rows whose message_id is not in the warehouse (kept: the messages may be imported later). */
  unknownMessages: number;
  withIssues: number;
  replaced: number;
}

/**
 * Loads a CSV into temp view `table` (columns as in its header, plus `line`) and returns the header;
 * the first line DuckDB cannot parse is an InputError naming it. Drop it with `dropCsvTable`.
 */
export { dropCsvTable };

export async function loadCsvFile(warehouse: Warehouse, file: string, table: string): Promise<string[]> {
  const path = resolve(file);
  let head: Buffer;
  try {
    head = readHead(path);
  } catch (error) {
    throw new InputError(`cannot read (${(error as Error).message.split('\n')[0]})`, { file }, { cause: error });
  }
  const encoding = detectEncoding(head);
  const source = { encoding, displayName: file };
  const header = readCsvHeader(decodeHead(head, encoding), source);
  await loadCsvTable(warehouse, path, table, header, source);
  const bad = await warehouse.one<{ source_line: number; reason: string }>(`${csvErrorsSql(table)} ORDER BY source_line LIMIT 1`);
  if (bad) throw new InputError(`cannot parse this line (${bad.reason.split('\n')[0]})`, { file, line: bad.source_line });
  return header;
}

/** SQL turning a `;`-separated issues cell into a sorted list of keys ('sin_tema' and blanks dropped). */
export function issueListSql(column: string): string {
  return `list_sort(list_distinct(list_filter(list_transform(string_split(coalesce(${column}, ''), ';'), __k -> lower(trim(__k))),
            __k -> __k <> '' AND __k <> '${NO_ISSUE}')))`;
}

export async function importLabels(context: BuzonContext, file: string, options: { taxonomyFile?: string } = {}): Promise<LabelImportSummary> {
  const { warehouse } = context;
  const keys = issueKeys(loadTaxonomy(options.taxonomyFile ?? DEFAULT_TAXONOMY_FILE));
  const header = await loadCsvFile(warehouse, file, 'label_rows');
  const idColumn = findColumn(header, 'message_id');
  const issuesColumn = findColumn(header, 'issues');
  if (!idColumn || !issuesColumn) {
    throw new InputError(`a labels file needs the columns message_id and issues (found: ${header.join(', ')})`, { file, line: 1 });
  }
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE label_parsed AS
     SELECT line, trim(${quoteIdent(idColumn)}) AS message_id, ${issueListSql(quoteIdent(issuesColumn))} AS issues FROM label_rows`,
  );
  const missingId = await warehouse.one<{ line: number }>("SELECT line FROM label_parsed WHERE coalesce(message_id, '') = '' ORDER BY line LIMIT 1");
  if (missingId) throw new InputError('message_id is empty', { file, line: missingId.line });
  const unknown = await warehouse.one<{ line: number; issue: string }>(
    `SELECT line, issue FROM (SELECT line, unnest(issues) AS issue FROM label_parsed)
     WHERE issue NOT IN (SELECT unnest(from_json($keys, '["VARCHAR"]'))) ORDER BY line LIMIT 1`,
    { keys: JSON.stringify(keys) },
  );
  if (unknown) throw new InputError(`unknown issue '${unknown.issue}' (the taxonomy has: ${keys.join(', ')})`, { file, line: unknown.line });

  return warehouse.transaction(async () => {
    const replaced = await warehouse.scalar<number>(
      'SELECT count(DISTINCT message_id) FROM label_parsed WHERE message_id IN (SELECT message_id FROM message_labels)',
    );
    // The last row of a message wins, as if the rows were imported one by one.
    await warehouse.run(
      `INSERT OR REPLACE INTO message_labels (message_id, issues, source_file, source_line, imported_at)
       SELECT DISTINCT ON (message_id) message_id, issues, $file, line, current_timestamp
       FROM label_parsed ORDER BY message_id, line DESC`,
      { file: basename(file) },
    );
    const stats = await warehouse.one<{ rows: number; matched: number; with_issues: number }>(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE message_id IN (SELECT message_id FROM messages)) AS matched,
              count(*) FILTER (WHERE len(issues) > 0) AS with_issues
       FROM (SELECT DISTINCT ON (message_id) message_id, issues FROM label_parsed ORDER BY message_id, line DESC)`,
    );
    await warehouse.run('DROP TABLE IF EXISTS label_parsed');
    await dropCsvTable(warehouse, 'label_rows');
    const rows = stats?.rows ?? 0;
    const matched = stats?.matched ?? 0;
    return { file, rows, matched, unknownMessages: rows - matched, withIssues: stats?.with_issues ?? 0, replaced };
  });
}
