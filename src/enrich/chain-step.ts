/**
 * Chain messages: the same or nearly the same long text forwarded by many senders. Exact copies are
 * grouped by their normalised text; near copies (a word changed, a header or emoji added, a line cut)
 * are joined with MinHash over word pairs, banded so only texts that share a band are compared, each
 * candidate checked with the exact Jaccard similarity of their word pairs, and the links closed into
 * clusters by label propagation. A cluster is a chain when enough distinct senders sent it.
 */
import type { Warehouse } from '../db/warehouse.ts';

export interface ChainOptions {
  minWords: number;
  minSenders: number;
  /** Word-pair Jaccard similarity two texts need to be linked. */
  minSimilarity?: number;
}

const HASHES = 20;
const ROWS_PER_BAND = 2;
const MAX_PROPAGATION_ROUNDS = 30;

/** enrich_chains(message_id, chain_id, chain_size); returns the number of chain messages. */
export async function detectChains(warehouse: Warehouse, options: ChainOptions): Promise<number> {
  const minSimilarity = options.minSimilarity ?? 0.6;
  // Distinct long texts; exact copies collapse here, which is most of a chain's volume.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE chain_texts AS
     SELECT hash(norm) AS text_id, string_split(norm, ' ') AS words
     FROM (SELECT DISTINCT norm FROM enrich_text WHERE length(norm) >= $minChars)
     WHERE len(string_split(norm, ' ')) >= $minWords`,
    { minChars: options.minWords * 2, minWords: options.minWords },
  );
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE chain_sigs AS
     WITH pairs AS (
       SELECT text_id, list_distinct(list_transform(range(1, len(words)), i -> hash(words[i], words[i + 1]))) AS pairs
       FROM chain_texts
     )
     SELECT text_id, pairs,
            list_transform(range(${HASHES}), k -> list_min(list_transform(pairs, x -> hash(x, k)))) AS minhash
     FROM pairs`,
  );
  const bands = Array.from({ length: HASHES / ROWS_PER_BAND }, (_, b) => {
    const cols = Array.from({ length: ROWS_PER_BAND }, (_, r) => `minhash[${b * ROWS_PER_BAND + r + 1}]`).join(', ');
    return `SELECT text_id, ${b} AS band, hash(${cols}) AS bucket FROM chain_sigs`;
  }).join(' UNION ALL ');
  // Each text is linked to the first text of every bucket it shares, when they really are alike.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE chain_edges AS
     WITH b AS (${bands}),
     heads AS (
       SELECT band, bucket, min(text_id) AS head FROM b GROUP BY band, bucket HAVING count(*) > 1
     ),
     candidates AS (
       SELECT DISTINCT b.text_id AS a, h.head AS b FROM b JOIN heads h USING (band, bucket) WHERE b.text_id <> h.head
     )
     SELECT c.a, c.b FROM candidates c
     JOIN chain_sigs sa ON sa.text_id = c.a JOIN chain_sigs sb ON sb.text_id = c.b
     WHERE len(list_intersect(sa.pairs, sb.pairs)) >= $sim * len(list_distinct(list_concat(sa.pairs, sb.pairs)))`,
    { sim: minSimilarity },
  );
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE chain_labels AS
    SELECT node, node AS label FROM (SELECT a AS node FROM chain_edges UNION SELECT b FROM chain_edges)`);
  for (let round = 0; round < MAX_PROPAGATION_ROUNDS; round++) {
    await warehouse.run(`
      CREATE OR REPLACE TEMP TABLE chain_labels_next AS
      SELECT l.node, least(l.label, coalesce(min(n.label), l.label)) AS label
      FROM chain_labels l
      LEFT JOIN (SELECT a AS node, b AS other FROM chain_edges UNION ALL SELECT b, a FROM chain_edges) e ON e.node = l.node
      LEFT JOIN chain_labels n ON n.node = e.other
      GROUP BY l.node, l.label`);
    const changed = await warehouse.scalar<number>(
      'SELECT count(*) FROM chain_labels_next n JOIN chain_labels l USING (node) WHERE n.label <> l.label');
    await warehouse.run('CREATE OR REPLACE TEMP TABLE chain_labels AS SELECT * FROM chain_labels_next');
    if (changed === 0) break;
  }
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE enrich_chains AS
     WITH m AS (
       SELECT t.message_id, t.sender_key, coalesce(l.label, c.text_id) AS cluster
       FROM enrich_text t
       JOIN chain_texts c ON c.text_id = hash(t.norm)
       LEFT JOIN chain_labels l ON l.node = c.text_id
       WHERE length(t.norm) >= $minChars
     ),
     clusters AS (
       SELECT cluster, count(*) AS chain_size FROM m GROUP BY cluster HAVING count(DISTINCT sender_key) >= $minSenders
     )
     SELECT m.message_id, 'chain-' || lpad(printf('%x', m.cluster), 16, '0') AS chain_id, c.chain_size::INTEGER AS chain_size
     FROM m JOIN clusters c USING (cluster)`,
    { minChars: options.minWords * 2, minSenders: options.minSenders },
  );
  await warehouse.run('DROP TABLE IF EXISTS chain_labels_next');
  return warehouse.scalar<number>('SELECT count(*) FROM enrich_chains');
}
