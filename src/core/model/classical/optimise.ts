/**
 * Derivative-free minimisation: the Nelder-Mead simplex method (Nelder and Mead 1965) in the variant of
 * Nash's Compact Numerical Methods that R's optim() uses: reflection 1, contraction 0.5, expansion 2, a
 * starting simplex of equal steps of 10% of the largest coordinate, and a stop when the function values of
 * the simplex agree to a relative tolerance. Non-finite values count as a very large number, so bounds are
 * imposed by returning Infinity outside them.
 */

export interface NelderMeadOptions {
  /** Maximum number of function evaluations. Default 2000. */
  maxEvaluations?: number;
  /** Relative tolerance on the function values of the simplex. Default sqrt(machine epsilon). */
  relTol?: number;
  /** Stop when the best value is at or below this. Default -Infinity. */
  absTol?: number;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
  /** False when the evaluation budget ran out or the simplex stopped shrinking. */
  converged: boolean;
}

const BIG = 1.0e35;
const REFLECT = 1;
const CONTRACT = 0.5;
const EXPAND = 2;

/** Minimises f from x0 (Nelder-Mead as in R's optim). f may return Infinity where x is not allowed. */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const maxEval = options.maxEvaluations ?? 2000;
  const relTol = options.relTol ?? Math.sqrt(2.220446049250313e-16);
  const absTol = options.absTol ?? Number.NEGATIVE_INFINITY;
  const evaluate = (x: readonly number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : BIG;
  };
  const f0 = f(x0);
  if (!Number.isFinite(f0)) {
    throw new RangeError('Nelder-Mead: the objective is not finite at the starting point');
  }
  if (n === 0) return { x: [], value: f0, evaluations: 1, converged: true };
  let evaluations = 1;
  const tol = relTol * (Math.abs(f0) + relTol);
  // vertices and their values
  const pts: number[][] = [Array.from(x0)];
  const vals: number[] = [f0];
  let step = 0;
  for (const v of x0) step = Math.max(step, 0.1 * Math.abs(v));
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 0; j < n; j++) {
    const p = Array.from(x0);
    let trial = step;
    while (p[j] === x0[j]) {
      p[j] = x0[j] + trial;
      trial *= 10;
    }
    size += trial;
    pts.push(p);
    vals.push(0);
  }
  let oldSize = size;
  let recompute = true;
  let best = 0;
  let converged = true;
  const centroid = new Array<number>(n).fill(0);
  const trial = new Array<number>(n).fill(0);
  const reflectedPoint = new Array<number>(n).fill(0);
  for (;;) {
    if (recompute) {
      for (let j = 0; j <= n; j++) {
        if (j !== best) {
          vals[j] = evaluate(pts[j]);
          evaluations++;
        }
      }
      recompute = false;
    }
    let low = vals[best];
    let high = low;
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (j === best) continue;
      if (vals[j] < low) {
        best = j;
        low = vals[j];
      }
      if (vals[j] > high) {
        worst = j;
        high = vals[j];
      }
    }
    if (high <= low + tol || low <= absTol) break;
    for (let i = 0; i < n; i++) {
      let s = -pts[worst][i];
      for (let j = 0; j <= n; j++) s += pts[j][i];
      centroid[i] = s / n;
    }
    for (let i = 0; i < n; i++) trial[i] = (1 + REFLECT) * centroid[i] - REFLECT * pts[worst][i];
    const reflected = evaluate(trial);
    evaluations++;
    if (reflected < low) {
      for (let i = 0; i < n; i++) reflectedPoint[i] = trial[i];
      for (let i = 0; i < n; i++) trial[i] = EXPAND * reflectedPoint[i] + (1 - EXPAND) * centroid[i];
      const expanded = evaluate(trial);
      evaluations++;
      const target = pts[worst];
      if (expanded < reflected) {
        for (let i = 0; i < n; i++) target[i] = trial[i];
        vals[worst] = expanded;
      } else {
        for (let i = 0; i < n; i++) target[i] = reflectedPoint[i];
        vals[worst] = reflected;
      }
    } else {
      if (reflected < high) {
        for (let i = 0; i < n; i++) pts[worst][i] = trial[i];
        vals[worst] = reflected;
      }
      for (let i = 0; i < n; i++) trial[i] = (1 - CONTRACT) * pts[worst][i] + CONTRACT * centroid[i];
      const contracted = evaluate(trial);
      evaluations++;
      if (contracted < vals[worst]) {
        for (let i = 0; i < n; i++) pts[worst][i] = trial[i];
        vals[worst] = contracted;
      } else if (reflected >= high) {
        // shrink towards the best vertex
        recompute = true;
        size = 0;
        for (let j = 0; j <= n; j++) {
          if (j === best) continue;
          for (let i = 0; i < n; i++) {
            pts[j][i] = CONTRACT * (pts[j][i] - pts[best][i]) + pts[best][i];
            size += Math.abs(pts[j][i] - pts[best][i]);
          }
        }
        if (size < oldSize) oldSize = size;
        else {
          converged = false;
          break;
        }
      }
    }
    if (evaluations > maxEval) break;
  }
  if (evaluations > maxEval) converged = false;
  return { x: [...pts[best]], value: vals[best], evaluations, converged };
}

export interface BfgsOptions {
  /** Maximum number of iterations (gradient evaluations). Default 100. */
  maxIterations?: number;
  /** Relative tolerance on the objective. Default 1e-8. */
  relTol?: number;
  /** Finite-difference step per coordinate, in scaled units. Default 1e-3. */
  step?: number;
  /** Per-coordinate scale: the optimiser works on x / scale. Default all 1. */
  scale?: readonly number[];
  /** Forward instead of central differences: half the evaluations, a less accurate gradient. */
  forwardDifferences?: boolean;
}

export interface BfgsResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Quasi-Newton minimisation (BFGS with a backtracking line search, the variable-metric method of Nash as in
 * R's optim(method = 'BFGS')) with central finite-difference gradients. Returns null when the objective
 * is not finite at the start or at a finite-difference point.
 */
export function bfgs(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: BfgsOptions = {},
): BfgsResult | null {
  const n = x0.length;
  const maxit = options.maxIterations ?? 100;
  const relTol = options.relTol ?? 1e-8;
  const h = options.step ?? 1e-3;
  const scale = options.scale ?? new Array<number>(n).fill(1);
  const fs = (u: readonly number[]) => f(u.map((v, i) => v * scale[i]));
  const forward = options.forwardDifferences ?? false;
  const grad = (u: number[], g: number[], fu: number): boolean => {
    for (let i = 0; i < n; i++) {
      const keep = u[i];
      u[i] = keep + h;
      const a = fs(u);
      u[i] = keep - h;
      const b = forward ? fu : fs(u);
      u[i] = keep;
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      g[i] = forward ? (a - b) / h : (a - b) / (2 * h);
    }
    return true;
  };
  const stepRedn = 0.2;
  const accTol = 1e-4;
  const relTest = 10;
  let b = x0.map((v, i) => v / scale[i]);
  let fmin = fs(b);
  if (!Number.isFinite(fmin)) return null;
  if (n === 0) return { x: [], value: fmin, iterations: 0, converged: true };
  const g = new Array<number>(n).fill(0);
  if (!grad(b, g, fmin)) return null;
  let iter = 1;
  let gradCount = 1;
  let ilast = gradCount;
  const B: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const t = new Array<number>(n).fill(0);
  const X = new Array<number>(n).fill(0);
  const c = new Array<number>(n).fill(0);
  let count = 0;
  do {
    if (ilast === gradCount) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i][j] = i === j ? 1 : 0;
    }
    for (let i = 0; i < n; i++) {
      X[i] = b[i];
      c[i] = g[i];
    }
    let gradProj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= B[i][j] * g[j];
      t[i] = s;
      gradProj += s * g[i];
    }
    if (gradProj < 0) {
      let stepLength = 1;
      let accPoint = false;
      let fv = fmin;
      do {
        count = 0;
        const trial = new Array<number>(n);
        for (let i = 0; i < n; i++) {
          trial[i] = X[i] + stepLength * t[i];
          if (relTest + X[i] === relTest + trial[i]) count++;
        }
        b = trial;
        if (count < n) {
          fv = fs(b);
          accPoint = Number.isFinite(fv) && fv <= fmin + gradProj * stepLength * accTol;
          if (!accPoint) stepLength *= stepRedn;
        }
      } while (!(count === n || accPoint));
      const enough = Math.abs(fv - fmin) > relTol * (Math.abs(fmin) + relTol);
      if (!enough) {
        count = n;
        if (Number.isFinite(fv) && fv < fmin) fmin = fv;
        else b = [...X];
      }
      if (count < n) {
        fmin = fv;
        if (!grad(b, g, fmin)) return null;
        gradCount++;
        iter++;
        let d1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] *= stepLength;
          c[i] = g[i] - c[i];
          d1 += t[i] * c[i];
        }
        if (d1 > 0) {
          let d2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += B[i][j] * c[j];
            X[i] = s;
            d2 += s * c[i];
          }
          d2 = 1 + d2 / d1;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) B[i][j] += (d2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / d1;
          }
        } else ilast = gradCount;
      } else if (ilast < gradCount) {
        count = 0;
        ilast = gradCount;
      }
    } else {
      count = 0;
      if (ilast === gradCount) count = n;
      else ilast = gradCount;
    }
    if (iter >= maxit) break;
    if (gradCount - ilast > 2 * n) ilast = gradCount;
  } while (count !== n || ilast !== gradCount);
  return { x: b.map((v, i) => v * scale[i]), value: fmin, iterations: iter, converged: iter < maxit };
}
