/**
 * Chain messages: the same or nearly the same long text forwarded by many senders. Exact copies are
 * grouped by their normalised text; near copies (a word changed, a header or emoji added, a line cut)
 * are joined with MinHash over word pairs, banded so only texts that share a band are compared, each
 * candidate checked with the exact Jaccard similarity of their word pairs, and the links closed into
 * clusters (union-find over the few links). A cluster is a chain when enough distinct senders sent it.
 */
import type { Warehouse } from '../db/warehouse.ts';

export interface ChainOptions {
  minWords: number;
  minSenders: number;
  /** Word-pair Jaccard similarity two texts need to be linked. */
  minSimilarity?: number;
}

const HASHES = 21;
const ROWS_PER_BAND = 3;

/** enrich_chains(body_id, chain_id, chain_size): the distinct texts that are chain messages; returns chain messages. */
export async function detectChains(warehouse: Warehouse, options: ChainOptions): Promise<number> {
  const minSimilarity = options.minSimilarity ?? 0.6;
  // Distinct long normalised texts (several raw bodies can share one); a word is at least two characters
  // with its space, so the length test skips most short texts before any splitting.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE chain_texts AS
     SELECT hash(norm) AS text_id, string_split(norm, ' ') AS words
     FROM (SELECT DISTINCT norm FROM enrich_bodies WHERE length(norm) >= $minChars)
     WHERE len(string_split(norm, ' ')) >= $minWords`,
    { minChars: options.minWords * 2, minWords: options.minWords },
  );
  const minhashes = Array.from({ length: HASHES }, (_, k) => `min(hash(pair, ${k})) AS h${k}`).join(', ');
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE chain_pairs AS
    SELECT text_id, unnest(list_distinct(list_transform(range(1, len(words)), i -> hash(words[i], words[i + 1])))) AS pair FROM chain_texts`);
  await warehouse.run(`
    CREATE OR REPLACE TEMP TABLE chain_sigs AS
    SELECT text_id, count(*) AS pair_count, list(pair) AS pairs, ${minhashes} FROM chain_pairs GROUP BY text_id`);
  const bands = Array.from({ length: HASHES / ROWS_PER_BAND }, (_, b) => {
    const cols = Array.from({ length: ROWS_PER_BAND }, (_, r) => `h${b * ROWS_PER_BAND + r}`).join(', ');
    return `SELECT text_id, ${b} AS band, hash(${cols}) AS bucket FROM chain_sigs`;
  }).join(' UNION ALL ');
  const agreement = Array.from({ length: HASHES }, (_, k) => `(sa.h${k} = sb.h${k})::INTEGER`).join(' + ');
  // Each text is linked to the first text of every bucket it shares, when they really are alike.
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE chain_edges AS
     WITH b AS (${bands}),
     shared AS (
       SELECT band, bucket, min(text_id) AS head FROM b GROUP BY band, bucket HAVING count(*) > 1
     ),
     candidates AS (
       SELECT DISTINCT b.text_id AS a, s.head AS b FROM b JOIN shared s USING (band, bucket) WHERE b.text_id <> s.head
     ),
     -- The share of equal MinHashes estimates the similarity: a cheap first cut before the exact one.
     likely AS (
       SELECT c.a, c.b FROM candidates c
       JOIN chain_sigs sa ON sa.text_id = c.a JOIN chain_sigs sb ON sb.text_id = c.b
       WHERE ${agreement} >= $estimate
     ),
     common AS (
       SELECT l.a, l.b, sa.pair_count AS na, sb.pair_count AS nb, len(list_filter(sa.pairs, x -> list_contains(sb.pairs, x))) AS shared
       FROM likely l JOIN chain_sigs sa ON sa.text_id = l.a JOIN chain_sigs sb ON sb.text_id = l.b
     )
     SELECT a, b FROM common WHERE shared >= $sim * (na + nb - shared)`,
    { sim: minSimilarity, estimate: Math.floor(HASHES * (minSimilarity - 0.15)) },
  );
  await labelComponents(warehouse);
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE enrich_chains AS
     WITH bodies AS (
       SELECT b.body_id, coalesce(l.label, c.text_id) AS cluster
       FROM enrich_bodies b
       JOIN chain_texts c ON c.text_id = hash(b.norm)
       LEFT JOIN chain_labels l ON l.node = c.text_id
       WHERE length(b.norm) >= $minChars
     ),
     clusters AS (
       SELECT b.cluster, count(*) AS chain_size
       FROM enrich_msgs m JOIN bodies b USING (body_id)
       GROUP BY b.cluster HAVING count(DISTINCT m.sender_key) >= $minSenders
     )
     SELECT b.body_id, 'chain-' || lpad(printf('%x', b.cluster), 16, '0') AS chain_id, c.chain_size::INTEGER AS chain_size
     FROM bodies b JOIN clusters c USING (cluster)`,
    { minChars: options.minWords * 2, minSenders: options.minSenders },
  );
  return warehouse.scalar<number>('SELECT coalesce(sum(chain_size), 0) FROM (SELECT DISTINCT chain_id, chain_size FROM enrich_chains)');
}

/**
 * chain_labels(node, label): each linked text and the smallest text id of its cluster. The link graph holds
 * only the near-copy links between distinct long texts (thousands for a million messages), so its connected
 * components are found with a union-find over the edge list rather than rounds of SQL label propagation,
 * whose number of rounds grows with the longest path.
 */
async function labelComponents(warehouse: Warehouse): Promise<void> {
  // Ids travel as text: they are unsigned 64-bit hashes, beyond JavaScript's exact integers.
  const edges = await warehouse.all<{ a: string; b: string }>('SELECT a::VARCHAR AS a, b::VARCHAR AS b FROM chain_edges');
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
