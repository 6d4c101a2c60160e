/**
 * One-vs-rest logistic regression trained with FTRL-Proximal (McMahan et al., "Ad Click Prediction:
 * a View from the Trenches", KDD 2013): online, per-coordinate learning rates, L1 + L2. Chosen because
 * the L1 term leaves most weights exactly zero, so the weights table stays small and tokens that carry
 * no weight can be skipped when a million messages are scored in SQL; and because it needs no
 * dependency: ~60 lines over typed arrays.
 */

export interface SparseDoc {
  idx: Int32Array;
  val: Float32Array;
}

export interface TrainingSet {
  docs: SparseDoc[];
  /** docs.length x classes, row-major: 1 when the document has the class. */
  labels: Uint8Array;
  features: number;
  classes: number;
}

export interface FtrlParams {
  alpha: number;
  beta: number;
  l1: number;
  l2: number;
  epochs: number;
  seed: number;
}

export const DEFAULT_FTRL: FtrlParams = { alpha: 0.3, beta: 1, l1: 0.3, l2: 0.5, epochs: 6, seed: 1 };

export interface LinearModel {
  features: number;
  classes: number;
  /** features x classes, feature-major. */
  weights: Float32Array;
  bias: Float64Array;
}

export function trainOneVsRest(set: TrainingSet, params: FtrlParams = DEFAULT_FTRL): LinearModel {
  const { features: F, classes: K } = set;
  const { alpha, beta, l1, l2 } = params;
  const z = new Float64Array(F * K);
  const sqrtN = new Float64Array(F * K);
  // The weight of a coordinate only changes when it is updated, so it is kept, not recomputed per read.
  const w = new Float64Array(F * K);
  const bias = new Float64Array(K);
  const biasSq = new Float64Array(K);
  const order = Int32Array.from(set.docs.keys());
  const random = mulberry32(params.seed);
  const grad = new Float64Array(K);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffle(order, random);
    for (const d of order) {
      const doc = set.docs[d]!;
      const nnz = doc.idx.length;
      grad.set(bias);
      for (let j = 0; j < nnz; j++) {
        const base = doc.idx[j]! * K;
        const x = doc.val[j]!;
        for (let k = 0; k < K; k++) grad[k]! += w[base + k]! * x;
      }
      let active = 0;
      for (let k = 0; k < K; k++) {
        const g = sigmoid(grad[k]!) - set.labels[d * K + k]!;
        // A class this document already fits has a negligible gradient: skip its updates.
        grad[k] = Math.abs(g) < SKIP_GRADIENT ? 0 : g;
        if (grad[k] !== 0) active++;
        biasSq[k]! += g * g;
        bias[k]! -= (alpha * g) / (beta + Math.sqrt(biasSq[k]!));
      }
      if (!active) continue;
      for (let j = 0; j < nnz; j++) {
        const base = doc.idx[j]! * K;
        const x = doc.val[j]!;
        for (let k = 0; k < K; k++) {
          const gk = grad[k]!;
          if (gk === 0) continue;
          const i = base + k;
          const g = gk * x;
          const oldSqrt = sqrtN[i]!;
          const newSqrt = Math.sqrt(oldSqrt * oldSqrt + g * g);
          const zi = z[i]! + g - ((newSqrt - oldSqrt) / alpha) * w[i]!;
          z[i] = zi;
          sqrtN[i] = newSqrt;
          w[i] = Math.abs(zi) <= l1 ? 0 : -(zi - Math.sign(zi) * l1) / ((beta + newSqrt) / alpha + l2);
        }
      }
    }
  }
  return { features: F, classes: K, weights: Float32Array.from(w), bias };
}

/** |predicted - actual| under which a class's update for a document is skipped. */
const SKIP_GRADIENT = 1e-3;

/** Probabilities per class for one document. */
export function predict(model: LinearModel, doc: SparseDoc): Float64Array {
  const K = model.classes;
  const out = Float64Array.from(model.bias);
  for (let j = 0; j < doc.idx.length; j++) {
    const base = doc.idx[j]! * K;
    for (let k = 0; k < K; k++) out[k]! += model.weights[base + k]! * doc.val[j]!;
  }
  for (let k = 0; k < K; k++) out[k] = sigmoid(out[k]!);
  return out;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Precision, recall and F1 of one class at a threshold. */
export function classMetrics(probs: Float64Array[], labels: Uint8Array, K: number, k: number, threshold: number): ClassMetrics {
  let tp = 0, fp = 0, fn = 0;
  probs.forEach((p, d) => {
    const predicted = p[k]! >= threshold;
    const actual = labels[d * K + k] === 1;
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
  });
  return prf(tp, fp, fn);
}

export function prf(tp: number, fp: number, fn: number): ClassMetrics {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support: tp + fn };
}

/**
 * Per class, the threshold in [0.2, 0.8] with the best F1 on validation documents, pulled halfway
 * back to 0.5 so a small validation set does not over-tune; classes with few examples keep 0.5.
 */
export function tuneThresholds(probs: Float64Array[], labels: Uint8Array, K: number, minSupport = 10): number[] {
  const thresholds: number[] = [];
  for (let k = 0; k < K; k++) {
    let support = 0;
    for (let d = 0; d < probs.length; d++) support += labels[d * K + k]!;
    if (support < minSupport) {
      thresholds.push(0.5);
      continue;
    }
    let best = 0.5;
    let bestF1 = -1;
    for (let t = 0.2; t <= 0.8001; t += 0.05) {
      const { f1 } = classMetrics(probs, labels, K, k, t);
      if (f1 > bestF1 + 1e-9) {
        bestF1 = f1;
        best = t;
      }
    }
    thresholds.push(Math.round(((best + 0.5) / 2) * 1000) / 1000);
  }
  return thresholds;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(array: Int32Array, random: () => number): void {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = array[i]!;
    array[i] = array[j]!;
    array[j] = t;
  }
}
