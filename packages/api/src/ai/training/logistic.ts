// Multinomial logistic regression trained by L-BFGS on the full batch: deterministic (no random
// order, no random start), so the same sets give the same weights, byte for byte, on the same
// Node. Only the buckets some training item uses get parameters (the others would stay at zero
// under the L2 penalty anyway).

export interface Example {
  features: Map<number, number>;
  label: number;
  weight?: number;
}

export interface TrainOptions {
  classes: number;
  buckets: number;
  /** L2 penalty on the weights (not the biases), per item. */
  l2: number;
  iterations?: number;
}

export interface Trained {
  /** weights[bucket * classes + c] */
  weights: Float64Array;
  bias: number[];
}

export function train(examples: Example[], options: TrainOptions): Trained {
  const k = options.classes;
  // Compact parameter index: each used bucket, in first-seen order (deterministic).
  const slot = new Map<number, number>();
  for (const e of examples)
    for (const b of e.features.keys()) if (!slot.has(b)) slot.set(b, slot.size);
  const rows = examples.map((e) => ({
    label: e.label,
    weight: e.weight ?? 1,
    entries: [...e.features].map(([b, v]) => [slot.get(b) ?? 0, v] as const),
  }));
  const totalWeight = rows.reduce((s, r) => s + r.weight, 0);
  const dim = slot.size * k + k;
  const biasAt = slot.size * k;

  const objective = (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const scores = new Float64Array(k);
    for (const row of rows) {
      for (let c = 0; c < k; c++) scores[c] = x[biasAt + c] ?? 0;
      for (const [s, v] of row.entries) {
        const at = s * k;
        for (let c = 0; c < k; c++) scores[c] = (scores[c] ?? 0) + (x[at + c] ?? 0) * v;
      }
      let top = -Infinity;
      for (let c = 0; c < k; c++) top = Math.max(top, scores[c] ?? 0);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp((scores[c] ?? 0) - top);
      const logSum = top + Math.log(sum);
      const w = row.weight / totalWeight;
      loss += w * (logSum - (scores[row.label] ?? 0));
      for (let c = 0; c < k; c++) {
        const p = Math.exp((scores[c] ?? 0) - logSum);
        const d = w * (p - (c === row.label ? 1 : 0));
        if (d === 0) continue;
        grad[biasAt + c] = (grad[biasAt + c] ?? 0) + d;
        for (const [s, v] of row.entries) grad[s * k + c] = (grad[s * k + c] ?? 0) + d * v;
      }
    }
    for (let i = 0; i < biasAt; i++) {
      const xi = x[i] ?? 0;
      loss += 0.5 * options.l2 * xi * xi;
      grad[i] = (grad[i] ?? 0) + options.l2 * xi;
    }
    return loss;
  };

  const x = lbfgs(objective, dim, options.iterations ?? 300);
  const weights = new Float64Array(options.buckets * k);
  for (const [bucket, s] of slot) {
    for (let c = 0; c < k; c++) weights[bucket * k + c] = x[s * k + c] ?? 0;
  }
  return { weights, bias: Array.from({ length: k }, (_, c) => x[biasAt + c] ?? 0) };
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
};

/** L-BFGS (memory 8) with a backtracking line search, from zero. */
function lbfgs(
  f: (x: Float64Array, grad: Float64Array) => number,
  dim: number,
  iterations: number,
): Float64Array {
  const memory = 8;
  let x = new Float64Array(dim);
  let g = new Float64Array(dim);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const direction = new Float64Array(dim);
  for (let iter = 0; iter < iterations; iter++) {
    // Two-loop recursion: direction = -H g.
    direction.set(g);
    const alpha: number[] = [];
    for (let i = s.length - 1; i >= 0; i--) {
      const a = (rho[i] ?? 0) * dot(s[i] as Float64Array, direction);
      alpha[i] = a;
      const yi = y[i] as Float64Array;
      for (let j = 0; j < dim; j++) direction[j] = (direction[j] ?? 0) - a * (yi[j] ?? 0);
    }
    if (s.length) {
      const last = s.length - 1;
      const gamma =
        dot(s[last] as Float64Array, y[last] as Float64Array) /
        dot(y[last] as Float64Array, y[last] as Float64Array);
      for (let j = 0; j < dim; j++) direction[j] = (direction[j] ?? 0) * gamma;
    } else {
      const norm = Math.sqrt(dot(g, g)) || 1;
      for (let j = 0; j < dim; j++) direction[j] = (direction[j] ?? 0) / norm;
    }
    for (let i = 0; i < s.length; i++) {
      const b = (rho[i] ?? 0) * dot(y[i] as Float64Array, direction);
      const si = s[i] as Float64Array;
      for (let j = 0; j < dim; j++)
        direction[j] = (direction[j] ?? 0) + (si[j] ?? 0) * ((alpha[i] ?? 0) - b);
    }
    for (let j = 0; j < dim; j++) direction[j] = -(direction[j] ?? 0);
    const slope = dot(g, direction);
    if (slope >= 0) break;
    let step = 1;
    const next = new Float64Array(dim);
    const nextG = new Float64Array(dim);
    let fNext = 0;
    for (let tries = 0; ; tries++) {
      for (let j = 0; j < dim; j++) next[j] = (x[j] ?? 0) + step * (direction[j] ?? 0);
      fNext = f(next, nextG);
      if (fNext <= fx + 1e-4 * step * slope || tries > 30) break;
      step *= 0.5;
    }
    const sk = new Float64Array(dim);
    const yk = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      sk[j] = (next[j] ?? 0) - (x[j] ?? 0);
      yk[j] = (nextG[j] ?? 0) - (g[j] ?? 0);
    }
    const sy = dot(sk, yk);
    const improvement = fx - fNext;
    x = next;
    g = nextG;
    fx = fNext;
    if (sy > 1e-12) {
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
      if (s.length > memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
    if (improvement < 1e-9 * Math.max(1, Math.abs(fx))) break;
  }
  return x;
}
