import type { Warehouse } from '../db/warehouse.ts';

/** Messages without an enrichment row (0 when nothing is enriched yet: then the models say so themselves). */
export async function enrichmentLag(warehouse: Warehouse): Promise<number> {
  const enriched = await warehouse.scalar<number>(
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'message_enrichment'");
  if (!enriched) return 0;
  const row = await warehouse.one<{ lag: number }>(
    'SELECT (SELECT count(*) FROM messages) - (SELECT count(*) FROM message_enrichment) AS lag');
  return Math.max(0, row?.lag ?? 0);
}
