/**
 * Chain messages: the same or nearly the same long text forwarded by many senders. Exact copies are
 * grouped by their normalised text; near copies (a word changed, a header or emoji added, a line cut)
 * are joined with MinHash over word pairs, banded so only texts that share a band are compared, each
 * candidate checked with the exact Jaccard similarity of their word pairs, and the links closed into
 * clusters (union-find over the few links). A cluster is a chain when enough distinct senders sent it.
 *
 * Incremental: signatures, band buckets, links and members are kept (enrichment_chain_* tables), so a
 * new batch signs only its new texts and re-checks only the buckets they fall in (a bucket's head, the
 * text every member is compared with, is its smallest text id, which a new text can change). The
 * clusters touched are recounted; the result is the one a run over every message gives.
 */
import type { Warehouse } from '../db/warehouse.ts';

export interface ChainOptions {
  minWords: number;
  minSenders: number;
  /** Word-pair Jaccard similarity two texts need to be linked. */
  minSimilarity?: number;
  full: boolean;
}

const HASHES = 21;
const ROWS_PER_BAND = 3;
const HASH_COLUMNS = Array.from({ length: HASHES }, (_, k) => `h${k}`);

/** The persistent chain tables (recreated empty by a full run). */
export async function resetChainTables(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`
    CREATE OR REPLACE TABLE enrichment_chain_texts (text_id UBIGINT, pair_count BIGINT, pairs UBIGINT[], ${HASH_COLUMNS.map((h) => `${h} UBIGINT`).join(', ')});
    CREATE OR REPLACE TABLE enrichment_chain_bands (text_id UBIGINT, band INTEGER, bucket UBIGINT);
    CREATE OR REPLACE TABLE enrichment_chain_links (band INTEGER, bucket UBIGINT, a UBIGINT, b UBIGINT);
    CREATE OR REPLACE TABLE enrichment_chain_members (message_id VARCHAR, sender_key VARCHAR, text_id UBIGINT);
    CREATE OR REPLACE TABLE enrichment_chain_labels (node UBIGINT, label UBIGINT);
    CREATE OR REPLACE TABLE enrichment_chain_assign (text_id UBIGINT, chain_id VARCHAR, chain_size INTEGER)`);
}

/**
 * Reads enrich_bodies (text_id set on long texts) and enrich_scope. Updates the chain tables and leaves
 * enrich_chain_changes(text_id, chain_id, chain_size, old_chain_id, was_chain, is_chain): the texts whose chain or
 * chain size changed. Returns the number of chain messages.
 */
export async function detectChains(warehouse: Warehouse, options: ChainOptions): Promise<number> {
  const minSimilarity = options.minSimilarity ?? 0.6;
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE chain_new_texts AS
    SELECT b.text_id, string_split(any_value(b.norm), ' ') AS words
    FROM enrich_bodies b ANTI JOIN enrichment_chain_texts t USING (text_id)
    WHERE b.text_id IS NOT NULL GROUP BY b.text_id`);
  const minhashes = HASH_COLUMNS.map((h, k) => `min(hash(pair, ${k})) AS ${h}`).join(', ');
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE chain_new_sigs AS
    SELECT text_id, count(*) AS pair_count, list(pair) AS pairs, ${minhashes}
    FROM (SELECT text_id, unnest(list_distinct(list_transform(range(1, len(words)), i -> hash(words[i], words[i + 1])))) AS pair FROM chain_new_texts)
    GROUP BY text_id`);
  await warehouse.run('INSERT INTO enrichment_chain_texts SELECT * FROM chain_new_sigs');
  const bands = Array.from({ length: HASHES / ROWS_PER_BAND }, (_, b) => {
    const cols = HASH_COLUMNS.slice(b * ROWS_PER_BAND, (b + 1) * ROWS_PER_BAND).join(', ');
    return `SELECT text_id, ${b} AS band, hash(${cols}) AS bucket FROM chain_new_sigs`;
  }).join(' UNION ALL ');
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE chain_new_bands AS ${bands}`);
  await warehouse.run('INSERT INTO enrichment_chain_bands SELECT * FROM chain_new_bands');
  await relinkBuckets(warehouse, options.full, minSimilarity);
  await warehouse.run(`
    INSERT INTO enrichment_chain_members
    SELECT s.message_id, s.sender_key, b.text_id FROM enrich_scope s JOIN enrich_bodies b USING (body_id) WHERE b.text_id IS NOT NULL`);
  await labelComponents(warehouse);
  await reassignClusters(warehouse, options.minSenders);
  await warehouse.run('DROP TABLE IF EXISTS chain_new_texts; DROP TABLE IF EXISTS chain_new_sigs; DROP TABLE IF EXISTS chain_new_bands');
  return warehouse.scalar<number>('SELECT coalesce(sum(chain_size), 0) FROM (SELECT DISTINCT chain_id, chain_size FROM enrichment_chain_assign)');
}

/**
 * Each text is linked to the head (smallest text id) of every bucket it shares, when they really are
 * alike. Only the buckets a new text fell in can change: the new texts are compared with the head, and
 * when a new text is the head, the whole bucket is.
 */
async function relinkBuckets(warehouse: Warehouse, full: boolean, minSimilarity: number): Promise<void> {
  const agreement = HASH_COLUMNS.map((h) => `(sa.${h} = sb.${h})::INTEGER`).join(' + ');
  // A bucket whose head did not change keeps its links: only its new texts are compared with the head.
  const members = full
    ? 'SELECT *, true AS is_new FROM enrichment_chain_bands'
    : `SELECT cb.*, cb.text_id IN (SELECT text_id FROM chain_new_sigs) AS is_new
       FROM enrichment_chain_bands cb SEMI JOIN (SELECT DISTINCT band, bucket FROM chain_new_bands) n USING (band, bucket)`;
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE chain_heads AS
    SELECT band, bucket, min(text_id) AS head, min(text_id) FILTER (WHERE NOT is_new) IS DISTINCT FROM min(text_id) AS reheaded
    FROM (${members}) GROUP BY band, bucket HAVING count(*) > 1`);
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE chain_candidates AS
    SELECT b.band, b.bucket, b.text_id AS a, h.head AS b
    FROM (${members}) b JOIN chain_heads h USING (band, bucket)
    WHERE b.text_id <> h.head AND (b.is_new OR h.reheaded)`);
  // Only the signatures of the candidates are read (the word-pair lists are long), once.
  if (!full) {
    await warehouse.run(`
      CREATE OR REPLACE TEMP TABLE chain_candidate_sigs AS
      SELECT t.* FROM enrichment_chain_texts t SEMI JOIN (SELECT a AS text_id FROM chain_candidates UNION SELECT b FROM chain_candidates) c USING (text_id)`);
  }
  const sigs = full ? 'enrichment_chain_texts' : 'chain_candidate_sigs';
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE chain_new_links AS
     WITH sigs AS (SELECT * FROM ${sigs}),
     pairs AS (SELECT DISTINCT a, b FROM chain_candidates),
     -- The share of equal MinHashes estimates the similarity: a cheap first cut before the exact one.
     likely AS (
       SELECT p.a, p.b FROM pairs p JOIN sigs sa ON sa.text_id = p.a JOIN sigs sb ON sb.text_id = p.b
       WHERE ${agreement} >= $estimate
     ),
     common AS (
       SELECT l.a, l.b, sa.pair_count AS na, sb.pair_count AS nb, len(list_filter(sa.pairs, x -> list_contains(sb.pairs, x))) AS shared
       FROM likely l JOIN sigs sa ON sa.text_id = l.a JOIN sigs sb ON sb.text_id = l.b
     ),
     linked AS (SELECT a, b FROM common WHERE shared >= $sim * (na + nb - shared))
     SELECT c.band, c.bucket, c.a, c.b FROM chain_candidates c SEMI JOIN linked l USING (a, b)`,
    { sim: minSimilarity, estimate: Math.floor(HASHES * (minSimilarity - 0.15)) },
  );
  if (!full) {
    await warehouse.run(`
      DELETE FROM enrichment_chain_links l WHERE EXISTS (
        SELECT 1 FROM chain_heads h WHERE h.reheaded AND h.band = l.band AND h.bucket = l.bucket)`);
  }
  await warehouse.run('INSERT INTO enrichment_chain_links SELECT * FROM chain_new_links; DROP TABLE chain_new_links; DROP TABLE chain_candidates; DROP TABLE chain_heads; DROP TABLE IF EXISTS chain_candidate_sigs');
}

/**
 * chain_labels(node, label): each linked text and the smallest text id of its cluster. The link graph holds
 * only the near-copy links between distinct long texts (thousands for a million messages), so its connected
 * components are found with a union-find over the edge list rather than rounds of SQL label propagation,
 * whose number of rounds grows with the longest path.
 */
async function labelComponents(warehouse: Warehouse): Promise<void> {
  // Ids travel as text: they are unsigned 64-bit hashes, beyond JavaScript's exact integers.
  const edges = await warehouse.all<{ a: string; b: string }>('SELECT DISTINCT a::VARCHAR AS a, b::VARCHAR AS b FROM enrichment_chain_links');
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    for (let node = x; node !== root;) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { a, b } of edges) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const members = new Map<string, string[]>();
  for (const node of parent.keys()) {
    const root = find(node);
    const list = members.get(root) ?? [];
    list.push(node);
    members.set(root, list);
  }
  const rows = [...members.values()].flatMap((nodes) => {
    const label = nodes.reduce((min, n) => (BigInt(n) < BigInt(min) ? n : min));
    return nodes.map((node) => ({ node, label }));
  });
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE chain_labels AS
     SELECT node::UBIGINT AS node, label::UBIGINT AS label
     FROM (SELECT unnest(from_json($rows, '[{"node":"VARCHAR","label":"VARCHAR"}]'), recursive := true))`,
    { rows: JSON.stringify(rows) },
  );
}

/**
 * Clusters that can have changed: those of this batch's texts, and those a relabelled text left or joined.
 * Their texts are reassigned from their members; enrich_chain_changes holds the texts whose chain changed.
 */
async function reassignClusters(warehouse: Warehouse, minSenders: number): Promise<void> {
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE chain_affected AS
    WITH relabelled AS (
      SELECT coalesce(n.node, o.node) AS node, n.label AS new_label, o.label AS old_label
      FROM chain_labels n FULL JOIN enrichment_chain_labels o ON o.node = n.node
      WHERE n.label IS DISTINCT FROM o.label
    ), clusters AS (
      SELECT coalesce(new_label, node) AS cluster FROM relabelled
      UNION SELECT coalesce(old_label, node) FROM relabelled
      UNION SELECT coalesce(l.label, b.text_id) FROM (SELECT DISTINCT text_id FROM enrich_bodies WHERE text_id IS NOT NULL) b
            LEFT JOIN chain_labels l ON l.node = b.text_id
    )
    SELECT t.text_id, coalesce(l.label, t.text_id) AS cluster
    FROM enrichment_chain_texts t LEFT JOIN chain_labels l ON l.node = t.text_id
    WHERE coalesce(l.label, t.text_id) IN (SELECT cluster FROM clusters)`);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE chain_new_assign AS
     WITH clusters AS (
       SELECT a.cluster, count(*) AS chain_size
       FROM enrichment_chain_members m JOIN chain_affected a USING (text_id)
       GROUP BY a.cluster HAVING count(DISTINCT m.sender_key) >= $minSenders
     )
     SELECT a.text_id, 'chain-' || lpad(printf('%x', a.cluster), 16, '0') AS chain_id, c.chain_size::INTEGER AS chain_size
     FROM chain_affected a JOIN clusters c USING (cluster)`,
    { minSenders },
  );
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE enrich_chain_changes AS
    SELECT coalesce(n.text_id, o.text_id) AS text_id, n.chain_id, n.chain_size, o.chain_id AS old_chain_id,
           o.text_id IS NOT NULL AS was_chain, n.text_id IS NOT NULL AS is_chain
    FROM chain_new_assign n
    FULL JOIN (SELECT * FROM enrichment_chain_assign SEMI JOIN chain_affected USING (text_id)) o ON o.text_id = n.text_id
    WHERE n.chain_id IS DISTINCT FROM o.chain_id OR n.chain_size IS DISTINCT FROM o.chain_size`);
  await warehouse.run(`
    DELETE FROM enrichment_chain_assign WHERE text_id IN (SELECT text_id FROM chain_affected);
    INSERT INTO enrichment_chain_assign SELECT * FROM chain_new_assign;
    CREATE OR REPLACE TABLE enrichment_chain_labels AS SELECT * FROM chain_labels;
    DROP TABLE chain_new_assign; DROP TABLE chain_affected; DROP TABLE chain_labels`);
}
