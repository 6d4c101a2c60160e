import type { BuzonContext } from '../../src/db/context.ts';

export interface ImportedFacts {
  messages: number;
  senders: number;
  first: string | null;
  last: string | null;
  inbound: number;
  outbound: number;
  media: Record<string, number>;
  system: Record<string, number>;
  rejects: { line: number; reason: string }[];
}

/** What a user would check after an import: counts, senders, first/last instants in UTC, kinds, rejects. */
export async function importedFacts(context: BuzonContext, sourceFile?: string): Promise<ImportedFacts> {
  const { warehouse } = context;
  const where = sourceFile ? 'WHERE source_file = $file' : '';
  const params = sourceFile ? { file: sourceFile } : undefined;
  const summary = await warehouse.one<{ messages: number; senders: number; first: string | null; last: string | null; inbound: number; outbound: number }>(
    `SELECT count(*) AS messages, count(DISTINCT sender_key) AS senders,
            strftime(min(sent_at), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(max(sent_at), '%Y-%m-%dT%H:%M:%SZ') AS last,
            count(*) FILTER (WHERE direction = 'in') AS inbound, count(*) FILTER (WHERE direction = 'out') AS outbound
     FROM messages ${where}`, params);
  const media = await warehouse.all<{ media: string; n: number }>(
    `SELECT media, count(*) AS n FROM messages ${where ? `${where} AND` : 'WHERE'} media IS NOT NULL GROUP BY media ORDER BY media`, params);
  const system = await warehouse.all<{ kind: string; n: number }>(
    `SELECT kind, count(*) AS n FROM system_rows ${where} GROUP BY kind ORDER BY kind`, params);
  const rejects = await warehouse.all<{ line: number; reason: string }>(
    `SELECT source_line AS line, reason FROM rejects ${where} ORDER BY source_line`, params);
  return {
    ...summary!,
    media: Object.fromEntries(media.map((m) => [m.media, m.n])),
    system: Object.fromEntries(system.map((s) => [s.kind, s.n])),
    rejects,
  };
}
