// The lab's recurrent kernels in AssemblyScript (compiled to WebAssembly with SIMD by kernels/build.ts).
//
// Conventions: every pointer is a byte offset into linear memory; matrices are row-major float32.
// The host (src/core/engine) owns the memory and all allocations; nothing here allocates.
// Rows of matrices written by `gemm` are padded: a product with n columns writes ceil(n / 8) * 8
// columns, so the destination's row stride must allow that (pad columns hold junk and are never read).
//
// Layouts inside a layer (T steps, batch rows B, units U, time-major):
//   X  [T][B][F]        inputs
//   Z  [T][B][ldz]      pre-activations, then activated gates (forward), then their gradients (backward)
//   H  [T + 1][B][U]    hidden states, H[0] = initial state
//   C  [T + 1][B][U]    LSTM cell states, C[0] = initial state; TC [T][B][U] = tanh(C[t + 1])
//   RH [T][B][U]        GRU: r * h_{t-1}, the input of the candidate's recurrent product

// ---------------------------------------------------------------------------------------------------
// Vector math (errors of a few 1e-7: Cephes' exp polynomial, Eigen's rational tanh). The constants live in a table
// in memory: a load per use is cheaper than rebuilding a 128-bit constant in registers every time.

// prettier-ignore
const K = memory.data<f32>([
  -87.0, -87.0, -87.0, -87.0, // 0: exp clamp
  88.0, 88.0, 88.0, 88.0, // 1
  1.442695041, 1.442695041, 1.442695041, 1.442695041, // 2: log2(e)
  12582912.0, 12582912.0, 12582912.0, 12582912.0, // 3: 1.5 * 2^23, rounds to integers
  0.693359375, 0.693359375, 0.693359375, 0.693359375, // 4: ln 2, high part
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, // 5: ln 2, low part
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, // 6: exp polynomial
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, // 7
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, // 8
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, // 9
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, // 10
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, // 11
  1.0, 1.0, 1.0, 1.0, // 12
  7.90531110763549805, 7.90531110763549805, 7.90531110763549805, 7.90531110763549805, // 13: tanh clamp
  -7.90531110763549805, -7.90531110763549805, -7.90531110763549805, -7.90531110763549805, // 14
  -2.76076847742355e-16, -2.76076847742355e-16, -2.76076847742355e-16, -2.76076847742355e-16, // 15: tanh numerator
  2.00018790482477e-13, 2.00018790482477e-13, 2.00018790482477e-13, 2.00018790482477e-13, // 16
  -8.60467152213735e-11, -8.60467152213735e-11, -8.60467152213735e-11, -8.60467152213735e-11, // 17
  5.12229709037114e-8, 5.12229709037114e-8, 5.12229709037114e-8, 5.12229709037114e-8, // 18
  1.48572235717979e-5, 1.48572235717979e-5, 1.48572235717979e-5, 1.48572235717979e-5, // 19
  6.37261928875436e-4, 6.37261928875436e-4, 6.37261928875436e-4, 6.37261928875436e-4, // 20
  4.89352455891786e-3, 4.89352455891786e-3, 4.89352455891786e-3, 4.89352455891786e-3, // 21
  1.19825839466702e-6, 1.19825839466702e-6, 1.19825839466702e-6, 1.19825839466702e-6, // 22: tanh denominator
  1.18534705686654e-4, 1.18534705686654e-4, 1.18534705686654e-4, 1.18534705686654e-4, // 23
  2.26843463243900e-3, 2.26843463243900e-3, 2.26843463243900e-3, 2.26843463243900e-3, // 24
  4.89352518554385e-3, 4.89352518554385e-3, 4.89352518554385e-3, 4.89352518554385e-3, // 25
  0.0004, 0.0004, 0.0004, 0.0004, // 26: below this |x|, tanh(x) = x
]);

// a * b + c: one fused instruction where relaxed SIMD is on (the relaxed build), else a product and a sum
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline function kc(i: i32): v128 {
  return v128.load(K + (<usize>i << 4));
}

/** End of the kernels' static data: the host allocates above it. */
export function heapBase(): usize {
  return __heap_base;
}

// exp(x) for x in [-87, 88] (clamped): 2^n p(r) with n = round(x / ln 2) found with the 1.5 * 2^23 rounding trick
@inline function vexp(x: v128): v128 {
  const v = f32x4.pmin(f32x4.pmax(x, kc(0)), kc(1));
  const t = madd(v, kc(2), kc(3));
  const n = f32x4.sub(t, kc(3));
  let r = f32x4.sub(v, f32x4.mul(n, kc(4)));
  r = f32x4.sub(r, f32x4.mul(n, kc(5)));
  let p = madd(kc(6), r, kc(7));
  p = madd(p, r, kc(8));
  p = madd(p, r, kc(9));
  p = madd(p, r, kc(10));
  p = madd(p, r, kc(11));
  p = f32x4.add(madd(f32x4.mul(p, r), r, r), kc(12));
  // the bits of t are 0x4B400000 + n: 2^n = (n + 127) << 23
  const scale = i32x4.shl(i32x4.add(t, i32x4.splat(127 - 0x4b400000)), 23);
  return f32x4.mul(p, scale);
}

@inline function vsigmoid(x: v128): v128 {
  const one = kc(12);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

// tanh as an odd rational function on [-7.9053, 7.9053] (clamped); x itself for |x| < 4e-4
@inline function vtanh(a: v128): v128 {
  const x = f32x4.pmax(f32x4.pmin(a, kc(13)), kc(14));
  const x2 = f32x4.mul(x, x);
  let p = madd(x2, kc(15), kc(16));
  p = madd(x2, p, kc(17));
  p = madd(x2, p, kc(18));
  p = madd(x2, p, kc(19));
  p = madd(x2, p, kc(20));
  p = madd(x2, p, kc(21));
  p = f32x4.mul(x, p);
  let q = madd(x2, kc(22), kc(23));
  q = madd(x2, q, kc(24));
  q = madd(x2, q, kc(25));
  return v128.bitselect(a, f32x4.div(p, q), f32x4.lt(f32x4.abs(a), kc(26)));
}

@inline function ssigmoid(x: f32): f32 {
  return f32x4.extract_lane(vsigmoid(f32x4.splat(x)), 0);
}

@inline function stanh(x: f32): f32 {
  return f32x4.extract_lane(vtanh(f32x4.splat(x)), 0);
}

/** dst[i] = sigmoid(src[i]) for n floats (tests of the vector math). */
export function sigmoidArray(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(dst + (<usize>i << 2), ssigmoid(load<f32>(src + (<usize>i << 2))));
}

/** dst[i] = tanh(src[i]) for n floats (tests of the vector math). */
export function tanhArray(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(dst + (<usize>i << 2), stanh(load<f32>(src + (<usize>i << 2))));
}

// ---------------------------------------------------------------------------------------------------
// Matrix products

/**
 * Packs B (k x n, element (p, j) at src + 4 * (p * ld + j)) into panels of 8 columns: panel q holds
 * columns 8q..8q+7 as k rows of 8 floats (zeros past column n). dst needs ceil(n / 8) * k * 32 bytes.
 * With `transposed`, B is src^T: element (p, j) at src + 4 * (j * ld + p).
 */
export function packB(src: usize, ld: i32, k: i32, n: i32, transposed: bool, dst: usize): void {
  const panels = (n + 7) >> 3;
  for (let q = 0; q < panels; q++) {
    const j0 = q << 3;
    const width = min(8, n - j0);
    let d = dst + <usize>q * <usize>k * 32;
    for (let p = 0; p < k; p++) {
      if (!transposed && width == 8) {
        v128.store(d, v128.load(src + ((<usize>p * <usize>ld + <usize>j0) << 2)));
        v128.store(d, v128.load(src + ((<usize>p * <usize>ld + <usize>j0 + 4) << 2)), 16);
      } else {
        for (let j = 0; j < 8; j++) {
          let v: f32 = 0;
          if (j < width) {
            const col = <usize>(j0 + j);
            v = transposed
              ? load<f32>(src + ((col * <usize>ld + <usize>p) << 2))
              : load<f32>(src + ((<usize>p * <usize>ld + col) << 2));
          }
          store<f32>(d + (<usize>j << 2), v);
        }
      }
      d += 32;
    }
  }
}

// C (4 rows x 8 columns) = init + A (4 x k) * B (k x 8). A element (r, p) at a + r * ars + p * acs;
// B row p at b + p * bks. mode 0: C = A B; 1: C += A B; 2: C = bias + A B.
@inline function kernel4x8(
  k: i32, a: usize, ars: usize, acs: usize, b: usize, bks: usize, c: usize, ldc: usize, mode: i32, bias: usize,
): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  if (mode == 1) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
  } else if (mode == 2) {
    c00 = v128.load(bias); c01 = v128.load(bias, 16);
    c10 = c00; c11 = c01; c20 = c00; c21 = c01; c30 = c00; c31 = c01;
  } else {
    c00 = f32x4.splat(0); c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
  }
  const a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
  let off: usize = 0;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = v128.load32_splat(a + off);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(a1 + off);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(a2 + off);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(a3 + off);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    off += acs;
    b += bks;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

// One row of C (8 columns); four partial sums along k hide the add latency.
@inline function kernel1x8(
  k: i32, a: usize, acs: usize, b: usize, bks: usize, c: usize, mode: i32, bias: usize,
): void {
  let s0 = f32x4.splat(0), s1 = s0, t0 = s0, t1 = s0;
  if (mode == 1) {
    s0 = v128.load(c); s1 = v128.load(c, 16);
  } else if (mode == 2) {
    s0 = v128.load(bias); s1 = v128.load(bias, 16);
  }
  let p = 0;
  for (; p + 1 < k; p += 2) {
    const av = v128.load32_splat(a);
    const aw = v128.load32_splat(a + acs);
    s0 = madd(av, v128.load(b), s0);
    s1 = madd(av, v128.load(b, 16), s1);
    t0 = madd(aw, v128.load(b + bks), t0);
    t1 = madd(aw, v128.load(b + bks, 16), t1);
    a += 2 * acs;
    b += 2 * bks;
  }
  if (p < k) {
    const av = v128.load32_splat(a);
    s0 = madd(av, v128.load(b), s0);
    s1 = madd(av, v128.load(b, 16), s1);
  }
  v128.store(c, f32x4.add(s0, t0));
  v128.store(c, f32x4.add(s1, t1), 16);
}

/**
 * C (m x n, row stride ldc floats) = init + A B over k. A element (i, p) at a + 4 * (i * ars + p * acs)
 * (ars, acs in floats: a row-major A has ars = lda, acs = 1; a transposed one ars = 1, acs = lda).
 * B element (p, j) at b + 4 * ((j >> 3) * bps + p * bks + (j & 7)): a packed B (packB) has bps = 8k,
 * bks = 8; a plain row-major B with stride ldb has bps = 8, bks = ldb (it must then have readable
 * columns up to ceil(n / 8) * 8). mode 0: C = A B; 1: C += A B; 2: C = bias + A B (bias padded to 8).
 * Writes ceil(n / 8) * 8 columns per row.
 */
export function gemm(
  m: i32, n: i32, k: i32, a: usize, ars: i32, acs: i32, b: usize, bps: i32, bks: i32,
  c: usize, ldc: i32, mode: i32, bias: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 && mode == 1) return;
  const panels = (n + 7) >> 3;
  const arsB = <usize>ars << 2, acsB = <usize>acs << 2, bksB = <usize>bks << 2, ldcB = <usize>ldc << 2;
  // Blocks of k keep a slice of B and A in cache when k is large (the weight-gradient products).
  const kb = 256;
  for (let k0 = 0; k0 < k || k0 == 0; k0 += kb) {
    const kk = min(kb, k - k0);
    const m0 = k0 == 0 ? mode : 1;
    const aK = a + <usize>k0 * acsB;
    const bK = b + <usize>k0 * bksB;
    for (let q = 0; q < panels; q++) {
      const bq = bK + ((<usize>q * <usize>bps) << 2);
      const cq = c + (<usize>q << 5);
      const biasq = bias + (<usize>q << 5);
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        kernel4x8(kk, aK + <usize>i * arsB, arsB, acsB, bq, bksB, cq + <usize>i * ldcB, ldcB, m0, biasq);
      }
      for (; i < m; i++) {
        kernel1x8(kk, aK + <usize>i * arsB, acsB, bq, bksB, cq + <usize>i * ldcB, m0, biasq);
      }
    }
    if (k <= 0) break;
  }
}

/**
 * C (m x n) = (C if accumulate) + A (m x k, row stride lda) B^T, where B is n x k with row stride ldb:
 * dot products along k, for products with few columns (n < 8). C has row stride ldc; writes n columns.
 */
export function gemmDotNT(
  m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool,
): void {
  const k4 = k & ~3;
  for (let i = 0; i < m; i++) {
    const ar = a + ((<usize>i * <usize>lda) << 2);
    for (let j = 0; j < n; j++) {
      const br = b + ((<usize>j * <usize>ldb) << 2);
      let s0 = f32x4.splat(0), s1 = s0;
      let p = 0;
      for (; p + 8 <= k4; p += 8) {
        const o = <usize>p << 2;
        s0 = madd(v128.load(ar + o), v128.load(br + o), s0);
        s1 = madd(v128.load(ar + o, 16), v128.load(br + o, 16), s1);
      }
      for (; p < k4; p += 4) {
        const o = <usize>p << 2;
        s0 = madd(v128.load(ar + o), v128.load(br + o), s0);
      }
      s0 = f32x4.add(s0, s1);
      let s: f32 = f32x4.extract_lane(s0, 0) + f32x4.extract_lane(s0, 1) + f32x4.extract_lane(s0, 2) + f32x4.extract_lane(s0, 3);
      for (; p < k; p++) s += load<f32>(ar + (<usize>p << 2)) * load<f32>(br + (<usize>p << 2));
      const cp = c + ((<usize>i * <usize>ldc + <usize>j) << 2);
      store<f32>(cp, accumulate ? load<f32>(cp) + s : s);
    }
  }
}

/** dst[j] = (dst[j] if accumulate) + sum over m rows of src[i][j] (row stride ld), j < n. */
export function columnSums(m: i32, n: i32, src: usize, ld: i32, dst: usize, accumulate: bool): void {
  if (!accumulate) memory.fill(dst, 0, <usize>n << 2);
  const n4 = n & ~3;
  const ldB = <usize>ld << 2;
  // blocks of 64 columns: the partial sums stay in registers while the rows stream by
  for (let j0 = 0; j0 < n4; j0 += 64) {
    const w = min(64, n4 - j0);
    for (let i = 0; i < m; i++) {
      const row = src + <usize>i * ldB + (<usize>j0 << 2);
      const d = dst + (<usize>j0 << 2);
      for (let j = 0; j < w; j += 4) {
        const o = <usize>j << 2;
        v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(row + o)));
      }
    }
  }
  for (let j = n4; j < n; j++) {
    let s: f32 = 0;
    for (let i = 0; i < m; i++) s += load<f32>(src + ((<usize>i * <usize>ld + <usize>j) << 2));
    const d = dst + (<usize>j << 2);
    store<f32>(d, load<f32>(d) + s);
  }
}

/**
 * Swaps the first two axes of a [d0][d1][w] array into [d1][d0][w] with the last axis copied: source rows
 * have stride srcLd floats, destination rows dstLd (w <= both). Used to go between batch-major tensors
 * and the kernels' time-major layout.
 */
export function swapAxes(src: usize, d0: i32, d1: i32, w: i32, srcLd: i32, dst: usize, dstLd: i32): void {
  for (let i = 0; i < d0; i++) {
    for (let j = 0; j < d1; j++) {
      const s = src + ((<usize>(i * d1 + j) * <usize>srcLd) << 2);
      const d = dst + ((<usize>(j * d0 + i) * <usize>dstLd) << 2);
      if (w < 16) {
        // short rows (a few features): plain moves beat a memory.copy call each
        let k = 0;
        for (; k + 4 <= w; k += 4) v128.store(d + (<usize>k << 2), v128.load(s + (<usize>k << 2)));
        for (; k < w; k++) store<f32>(d + (<usize>k << 2), load<f32>(s + (<usize>k << 2)));
      } else {
        memory.copy(d, s, <usize>w << 2);
      }
    }
  }
}

/** Copies a rows x w block between row strides (floats). */
export function copyRows(src: usize, srcLd: i32, rows: i32, w: i32, dst: usize, dstLd: i32): void {
  for (let i = 0; i < rows; i++) {
    memory.copy(dst + ((<usize>i * <usize>dstLd) << 2), src + ((<usize>i * <usize>srcLd) << 2), <usize>w << 2);
  }
}

// ---------------------------------------------------------------------------------------------------
// Recurrences. Every function handles batch rows [r0, r1) of a batch of B rows, so threads can split the
// batch; the per-step products only read the rows they write.

/**
 * SimpleRNN forward over T steps: Z[t] (holding X W + b) += H[t] R, H[t + 1] = tanh(Z[t]).
 * rp: R packed (packB, k = U, n = U). ldz >= ceil(U / 8) * 8. skipFirst: H[0] is zero (no product at t = 0).
 */
export function rnnForward(T: i32, B: i32, U: i32, z: usize, ldz: i32, rp: usize, h: usize, r0: i32, r1: i32, skipFirst: bool): void {
  const rows = r1 - r0;
  const stepZ = <usize>B * <usize>ldz << 2, stepH = <usize>B * <usize>U << 2;
  for (let t = 0; t < T; t++) {
    const zt = z + <usize>t * stepZ + ((<usize>r0 * <usize>ldz) << 2);
    const hp = h + <usize>t * stepH + ((<usize>r0 * <usize>U) << 2);
    const hn = hp + stepH;
    if (t > 0 || !skipFirst) gemm(rows, U, U, hp, U, 1, rp, 8 * U, 8, zt, ldz, 1, 0);
    for (let i = 0; i < rows; i++) {
      const zr = zt + ((<usize>i * <usize>ldz) << 2);
      const hr = hn + ((<usize>i * <usize>U) << 2);
      let u = 0;
      for (; u + 4 <= U; u += 4) v128.store(hr + (<usize>u << 2), vtanh(v128.load(zr + (<usize>u << 2))));
      for (; u < U; u++) store<f32>(hr + (<usize>u << 2), stanh(load<f32>(zr + (<usize>u << 2))));
    }
  }
}

// Weight gradients accumulated during backpropagation through time, one step at a time while the step's data are
// still in cache (much faster than one product over all T B rows with their strided access): layerBackward sets
// these (per instance, so per thread) around the call of a cell's backward pass; 0 turns the accumulation off.
let accX: usize = 0; // X, time-major [T][rows][F]
let accH: usize = 0; // H, time-major [T + 1][rows][U]
let accF: i32 = 0;
let accDR: usize = 0; // dR [U][ldz] (GRU: the z r block)
let accDW: usize = 0; // dW [F][ldz]
let accDRH: usize = 0; // GRU: dRh [U][ldzh]
let accDWH: usize = 0; // GRU: dWh [F][ldzh]

// Steps [t, tEnd) are added to dR and dW in one product once their gradients are known: every few steps, so each
// product runs over at least 64 rows (a product per step over a small block would mostly move dR in and out).
@inline function accumulateSpan(rows: i32): i32 {
  return max(1, (64 + rows - 1) / rows);
}

// dR (+)= A^T dZ and dW (+)= X^T dZ over steps [t, tEnd): a holds their rows x U block of A (H or RH), dz their rows x n
// block of gradients (stride ldz); the first span (tEnd = T) overwrites.
@inline function accumulateSteps(
  t: i32, tEnd: i32, T: i32, rows: i32, U: i32, a: usize, dz: usize, ldz: i32, n: i32, dr: usize, dw: usize,
): void {
  const mode = tEnd == T ? 0 : 1;
  const k = (tEnd - t) * rows;
  gemm(U, n, k, a, 1, U, dz, 8, ldz, dr, ldz, mode, 0);
  const F = accF;
  gemm(F, n, k, accX + ((<usize>t * <usize>rows * <usize>F) << 2), 1, F, dz, 8, ldz, dw, ldz, mode, 0);
}

/**
 * SimpleRNN backward through time. dy: gradient of the outputs, per step [T][B][U] (perStep) or of the
 * last step only [B][U]. On return Z[t] holds dL/dZ[t] and dh (B x ldh, ldh >= ceil(U / 8) * 8) the gradient
 * of H[0]. rtp: R^T packed (packB transposed, k = U, n = U).
 */
export function rnnBackward(
  T: i32, B: i32, U: i32, z: usize, ldz: i32, rtp: usize, h: usize, dy: usize, perStep: bool,
  dh: usize, ldh: i32, r0: i32, r1: i32,
): void {
  const rows = r1 - r0;
  const stepZ = <usize>B * <usize>ldz << 2, stepH = <usize>B * <usize>U << 2;
  const dhr0 = dh + ((<usize>r0 * <usize>ldh) << 2);
  for (let i = 0; i < rows; i++) memory.fill(dhr0 + ((<usize>i * <usize>ldh) << 2), 0, <usize>U << 2);
  const span = accumulateSpan(rows);
  let tEnd = T;
  for (let t = T - 1; t >= 0; t--) {
    const zt = z + <usize>t * stepZ + ((<usize>r0 * <usize>ldz) << 2);
    const hn = h + <usize>(t + 1) * stepH + ((<usize>r0 * <usize>U) << 2);
    const dyt = perStep ? dy + <usize>t * stepH + ((<usize>r0 * <usize>U) << 2) : (t == T - 1 ? dy + ((<usize>r0 * <usize>U) << 2) : 0);
    for (let i = 0; i < rows; i++) {
      const zr = zt + ((<usize>i * <usize>ldz) << 2);
      const hr = hn + ((<usize>i * <usize>U) << 2);
      const dr = dhr0 + ((<usize>i * <usize>ldh) << 2);
      const yr = dyt + ((<usize>i * <usize>U) << 2);
      let u = 0;
      for (; u + 4 <= U; u += 4) {
        const o = <usize>u << 2;
        let g = v128.load(dr + o);
        if (dyt) g = f32x4.add(g, v128.load(yr + o));
        const hv = v128.load(hr + o);
        v128.store(zr + o, f32x4.mul(g, f32x4.sub(f32x4.splat(1), f32x4.mul(hv, hv))));
      }
      for (; u < U; u++) {
        const o = <usize>u << 2;
        let g = load<f32>(dr + o);
        if (dyt) g += load<f32>(yr + o);
        const hv = load<f32>(hr + o);
        store<f32>(zr + o, g * (1 - hv * hv));
      }
    }
    if (accDR && (t == 0 || (T - t) % span == 0)) {
      accumulateSteps(t, tEnd, T, rows, U, h + <usize>t * stepH, zt, ldz, U, accDR, accDW);
      tEnd = t;
    }
    gemm(rows, U, U, zt, ldz, 1, rtp, 8 * U, 8, dhr0, ldh, 0, 0);
  }
}

/**
 * LSTM forward (gates i, f, c, o in Z's columns [0, U), [U, 2U), [2U, 3U), [3U, 4U)): Z[t] (holding X W + b)
 * += H[t] R; i, f, o = sigmoid, g = tanh; C[t + 1] = f C[t] + i g; H[t + 1] = o tanh(C[t + 1]).
 * Z[t] keeps the activated gates and TC[t] = tanh(C[t + 1]) for the backward pass.
 * rp: R packed (k = U, n = 4U). ldz >= ceil(4U / 8) * 8.
 */
export function lstmForward(
  T: i32, B: i32, U: i32, z: usize, ldz: i32, rp: usize, h: usize, c: usize, tc: usize, r0: i32, r1: i32, skipFirst: bool,
): void {
  const rows = r1 - r0;
  const stepZ = <usize>B * <usize>ldz << 2, stepH = <usize>B * <usize>U << 2;
  const uB = <usize>U << 2;
  for (let t = 0; t < T; t++) {
    const zt = z + <usize>t * stepZ + ((<usize>r0 * <usize>ldz) << 2);
    const off = <usize>t * stepH + ((<usize>r0 * <usize>U) << 2);
    if (t > 0 || !skipFirst) gemm(rows, 4 * U, U, h + off, U, 1, rp, 8 * U, 8, zt, ldz, 1, 0);
    for (let i = 0; i < rows; i++) {
      const zr = zt + ((<usize>i * <usize>ldz) << 2);
      const ro = off + ((<usize>i * <usize>U) << 2);
      const cp = c + ro, cn = cp + stepH, hn = h + ro + stepH, tcr = tc + ro;
      let u = 0;
      for (; u + 4 <= U; u += 4) {
        const o = <usize>u << 2;
        const ig = vsigmoid(v128.load(zr + o));
        const fg = vsigmoid(v128.load(zr + uB + o));
        const gg = vtanh(v128.load(zr + 2 * uB + o));
        const og = vsigmoid(v128.load(zr + 3 * uB + o));
        const cv = madd(fg, v128.load(cp + o), f32x4.mul(ig, gg));
        const th = vtanh(cv);
        v128.store(zr + o, ig);
        v128.store(zr + uB + o, fg);
        v128.store(zr + 2 * uB + o, gg);
        v128.store(zr + 3 * uB + o, og);
        v128.store(cn + o, cv);
        v128.store(tcr + o, th);
        v128.store(hn + o, f32x4.mul(og, th));
      }
      for (; u < U; u++) {
        const o = <usize>u << 2;
        const ig = ssigmoid(load<f32>(zr + o));
        const fg = ssigmoid(load<f32>(zr + uB + o));
        const gg = stanh(load<f32>(zr + 2 * uB + o));
        const og = ssigmoid(load<f32>(zr + 3 * uB + o));
        const cv = fg * load<f32>(cp + o) + ig * gg;
        const th = stanh(cv);
        store<f32>(zr + o, ig);
        store<f32>(zr + uB + o, fg);
        store<f32>(zr + 2 * uB + o, gg);
        store<f32>(zr + 3 * uB + o, og);
        store<f32>(cn + o, cv);
        store<f32>(tcr + o, th);
        store<f32>(hn + o, og * th);
      }
    }
  }
}

/**
 * LSTM backward through time (see lstmForward). On return Z[t] holds dL/dZ[t], dh (ldh) and dc (U) the
 * gradients of H[0] and C[0]. rtp: R^T packed (k = 4U, n = U).
 */
export function lstmBackward(
  T: i32, B: i32, U: i32, z: usize, ldz: i32, rtp: usize, c: usize, tc: usize, dy: usize, perStep: bool,
  dh: usize, ldh: i32, dc: usize, r0: i32, r1: i32,
): void {
  const rows = r1 - r0;
  const stepZ = <usize>B * <usize>ldz << 2, stepH = <usize>B * <usize>U << 2;
  const uB = <usize>U << 2;
  const one = f32x4.splat(1);
  const dhr0 = dh + ((<usize>r0 * <usize>ldh) << 2);
  const dcr0 = dc + ((<usize>r0 * <usize>U) << 2);
  for (let i = 0; i < rows; i++) {
    memory.fill(dhr0 + ((<usize>i * <usize>ldh) << 2), 0, uB);
    memory.fill(dcr0 + ((<usize>i * <usize>U) << 2), 0, uB);
  }
  const span = accumulateSpan(rows);
  let tEnd = T;
  for (let t = T - 1; t >= 0; t--) {
    const zt = z + <usize>t * stepZ + ((<usize>r0 * <usize>ldz) << 2);
    const off = <usize>t * stepH + ((<usize>r0 * <usize>U) << 2);
    const dyt = perStep ? dy + off : (t == T - 1 ? dy + ((<usize>r0 * <usize>U) << 2) : 0);
    for (let i = 0; i < rows; i++) {
      const zr = zt + ((<usize>i * <usize>ldz) << 2);
      const ro = ((<usize>i * <usize>U) << 2);
      const cp = c + off + ro, tcr = tc + off + ro;
      const dhr = dhr0 + ((<usize>i * <usize>ldh) << 2), dcr = dcr0 + ro, yr = dyt + ro;
      let u = 0;
      for (; u + 4 <= U; u += 4) {
        const o = <usize>u << 2;
        let g = v128.load(dhr + o);
        if (dyt) g = f32x4.add(g, v128.load(yr + o));
        const ig = v128.load(zr + o), fg = v128.load(zr + uB + o);
        const gg = v128.load(zr + 2 * uB + o), og = v128.load(zr + 3 * uB + o);
        const th = v128.load(tcr + o);
        const dcv = f32x4.add(v128.load(dcr + o), f32x4.mul(f32x4.mul(g, og), f32x4.sub(one, f32x4.mul(th, th))));
        const dzi = f32x4.mul(f32x4.mul(dcv, gg), f32x4.mul(ig, f32x4.sub(one, ig)));
        const dzf = f32x4.mul(f32x4.mul(dcv, v128.load(cp + o)), f32x4.mul(fg, f32x4.sub(one, fg)));
        const dzg = f32x4.mul(f32x4.mul(dcv, ig), f32x4.sub(one, f32x4.mul(gg, gg)));
        const dzo = f32x4.mul(f32x4.mul(g, th), f32x4.mul(og, f32x4.sub(one, og)));
        v128.store(dcr + o, f32x4.mul(dcv, fg));
        v128.store(zr + o, dzi);
        v128.store(zr + uB + o, dzf);
        v128.store(zr + 2 * uB + o, dzg);
        v128.store(zr + 3 * uB + o, dzo);
      }
      for (; u < U; u++) {
        const o = <usize>u << 2;
        let g = load<f32>(dhr + o);
        if (dyt) g += load<f32>(yr + o);
        const ig = load<f32>(zr + o), fg = load<f32>(zr + uB + o);
        const gg = load<f32>(zr + 2 * uB + o), og = load<f32>(zr + 3 * uB + o);
        const th = load<f32>(tcr + o);
        const dcv = load<f32>(dcr + o) + g * og * (1 - th * th);
        store<f32>(dcr + o, dcv * fg);
        store<f32>(zr + o, dcv * gg * ig * (1 - ig));
        store<f32>(zr + uB + o, dcv * load<f32>(cp + o) * fg * (1 - fg));
        store<f32>(zr + 2 * uB + o, dcv * ig * (1 - gg * gg));
        store<f32>(zr + 3 * uB + o, g * th * og * (1 - og));
      }
    }
    if (accDR && (t == 0 || (T - t) % span == 0)) {
      accumulateSteps(t, tEnd, T, rows, U, accH + off, zt, ldz, 4 * U, accDR, accDW);
      tEnd = t;
    }
    gemm(rows, U, 4 * U, zt, ldz, 1, rtp, 8 * 4 * U, 8, dhr0, ldh, 0, 0);
  }
}

/**
 * GRU forward (reset before the recurrent product, tf.layers' GRU): Zzr[t] (X Wzr + bzr, columns z | r)
 * += H[t] Rzr; z, r = sigmoid; RH[t] = r H[t]; Zh[t] (X Wh + bh) += RH[t] Rh; hh = tanh;
 * H[t + 1] = z H[t] + (1 - z) hh. Zzr and Zh keep the activated gates. rzp: Rzr packed (k = U, n = 2U),
 * rhp: Rh packed (k = U, n = U).
 */
export function gruForward(
  T: i32, B: i32, U: i32, zzr: usize, ldzr: i32, zh: usize, ldzh: i32, rzp: usize, rhp: usize, h: usize, rh: usize,
  r0: i32, r1: i32, skipFirst: bool,
): void {
  const rows = r1 - r0;
  const stepZr = <usize>B * <usize>ldzr << 2, stepZh = <usize>B * <usize>ldzh << 2, stepH = <usize>B * <usize>U << 2;
  const uB = <usize>U << 2;
  const one = f32x4.splat(1);
  for (let t = 0; t < T; t++) {
    const zrt = zzr + <usize>t * stepZr + ((<usize>r0 * <usize>ldzr) << 2);
    const zht = zh + <usize>t * stepZh + ((<usize>r0 * <usize>ldzh) << 2);
    const off = <usize>t * stepH + ((<usize>r0 * <usize>U) << 2);
    const first = t == 0 && skipFirst;
    if (!first) gemm(rows, 2 * U, U, h + off, U, 1, rzp, 8 * U, 8, zrt, ldzr, 1, 0);
    for (let i = 0; i < rows; i++) {
      const zr = zrt + ((<usize>i * <usize>ldzr) << 2);
      const ro = off + ((<usize>i * <usize>U) << 2);
      const hp = h + ro, rhr = rh + ro;
      let u = 0;
      for (; u + 4 <= U; u += 4) {
        const o = <usize>u << 2;
        const zg = vsigmoid(v128.load(zr + o));
        const rg = vsigmoid(v128.load(zr + uB + o));
        v128.store(zr + o, zg);
        v128.store(zr + uB + o, rg);
        v128.store(rhr + o, f32x4.mul(rg, v128.load(hp + o)));
      }
      for (; u < U; u++) {
        const o = <usize>u << 2;
        const zg = ssigmoid(load<f32>(zr + o));
        const rg = ssigmoid(load<f32>(zr + uB + o));
        store<f32>(zr + o, zg);
        store<f32>(zr + uB + o, rg);
        store<f32>(rhr + o, rg * load<f32>(hp + o));
      }
    }
    if (!first) gemm(rows, U, U, rh + off, U, 1, rhp, 8 * U, 8, zht, ldzh, 1, 0);
    for (let i = 0; i < rows; i++) {
      const zr = zrt + ((<usize>i * <usize>ldzr) << 2);
      const zhr = zht + ((<usize>i * <usize>ldzh) << 2);
      const ro = off + ((<usize>i * <usize>U) << 2);
      const hp = h + ro, hn = hp + stepH;
      let u = 0;
      for (; u + 4 <= U; u += 4) {
        const o = <usize>u << 2;
        const hh = vtanh(v128.load(zhr + o));
        const zg = v128.load(zr + o);
        v128.store(zhr + o, hh);
        v128.store(hn + o, f32x4.add(f32x4.mul(zg, v128.load(hp + o)), f32x4.mul(f32x4.sub(one, zg), hh)));
      }
      for (; u < U; u++) {
        const o = <usize>u << 2;
        const hh = stanh(load<f32>(zhr + o));
        const zg = load<f32>(zr + o);
        store<f32>(zhr + o, hh);
        store<f32>(hn + o, zg * load<f32>(hp + o) + (1 - zg) * hh);
      }
    }
  }
}

/**
 * GRU backward through time (see gruForward). On return Zzr[t] and Zh[t] hold the gradients of the
 * pre-activations and dh (ldh) the gradient of H[0]. rzt: Rzr^T packed (k = 2U, n = U); rht: Rh^T packed
 * (k = U, n = U). drh: scratch of B x ldh floats.
 */
export function gruBackward(
  T: i32, B: i32, U: i32, zzr: usize, ldzr: i32, zh: usize, ldzh: i32, rzt: usize, rht: usize, h: usize, rh: usize,
  dy: usize, perStep: bool, dh: usize, ldh: i32, drh: usize, r0: i32, r1: i32,
): void {
  const rows = r1 - r0;
  const stepZr = <usize>B * <usize>ldzr << 2, stepZh = <usize>B * <usize>ldzh << 2, stepH = <usize>B * <usize>U << 2;
  const uB = <usize>U << 2;
  const one = f32x4.splat(1);
  const dhr0 = dh + ((<usize>r0 * <usize>ldh) << 2);
  const drh0 = drh + ((<usize>r0 * <usize>ldh) << 2);
  for (let i = 0; i < rows; i++) memory.fill(dhr0 + ((<usize>i * <usize>ldh) << 2), 0, uB);
  const span = accumulateSpan(rows);
  let tEnd = T;
  for (let t = T - 1; t >= 0; t--) {
    const zrt = zzr + <usize>t * stepZr + ((<usize>r0 * <usize>ldzr) << 2);
    const zht = zh + <usize>t * stepZh + ((<usize>r0 * <usize>ldzh) << 2);
    const off = <usize>t * stepH + ((<usize>r0 * <usize>U) << 2);
    const dyt = perStep ? dy + off : (t == T - 1 ? dy + ((<usize>r0 * <usize>U) << 2) : 0);
    // dh -> dzh (into Zh), and the direct part of dh_prev (into dh); dz kept in Zzr's z columns
    for (let i = 0; i < rows; i++) {
      const zr = zrt + ((<usize>i * <usize>ldzr) << 2);
      const zhr = zht + ((<usize>i * <usize>ldzh) << 2);
      const ro = ((<usize>i * <usize>U) << 2);
      const hp = h + off + ro;
      const dhr = dhr0 + ((<usize>i * <usize>ldh) << 2), yr = dyt + ro;
      let u = 0;
      for (; u + 4 <= U; u += 4) {
        const o = <usize>u << 2;
        let g = v128.load(dhr + o);
        if (dyt) g = f32x4.add(g, v128.load(yr + o));
        const zg = v128.load(zr + o), hh = v128.load(zhr + o), hv = v128.load(hp + o);
        v128.store(zhr + o, f32x4.mul(f32x4.mul(g, f32x4.sub(one, zg)), f32x4.sub(one, f32x4.mul(hh, hh))));
        v128.store(zr + o, f32x4.mul(f32x4.mul(g, f32x4.sub(hv, hh)), f32x4.mul(zg, f32x4.sub(one, zg))));
        v128.store(dhr + o, f32x4.mul(g, zg));
      }
      for (; u < U; u++) {
        const o = <usize>u << 2;
        let g = load<f32>(dhr + o);
        if (dyt) g += load<f32>(yr + o);
        const zg = load<f32>(zr + o), hh = load<f32>(zhr + o), hv = load<f32>(hp + o);
        store<f32>(zhr + o, g * (1 - zg) * (1 - hh * hh));
        store<f32>(zr + o, g * (hv - hh) * zg * (1 - zg));
        store<f32>(dhr + o, g * zg);
      }
    }
    // d(r h) = dzh Rh^T
    gemm(rows, U, U, zht, ldzh, 1, rht, 8 * U, 8, drh0, ldh, 0, 0);
    for (let i = 0; i < rows; i++) {
      const zr = zrt + ((<usize>i * <usize>ldzr) << 2);
      const ro = ((<usize>i * <usize>U) << 2);
      const hp = h + off + ro;
      const dhr = dhr0 + ((<usize>i * <usize>ldh) << 2), drr = drh0 + ((<usize>i * <usize>ldh) << 2);
      let u = 0;
      for (; u + 4 <= U; u += 4) {
        const o = <usize>u << 2;
        const rg = v128.load(zr + uB + o), d = v128.load(drr + o);
        v128.store(zr + uB + o, f32x4.mul(f32x4.mul(d, v128.load(hp + o)), f32x4.mul(rg, f32x4.sub(one, rg))));
        v128.store(dhr + o, madd(d, rg, v128.load(dhr + o)));
      }
      for (; u < U; u++) {
        const o = <usize>u << 2;
        const rg = load<f32>(zr + uB + o), d = load<f32>(drr + o);
        store<f32>(zr + uB + o, d * load<f32>(hp + o) * rg * (1 - rg));
        store<f32>(dhr + o, load<f32>(dhr + o) + d * rg);
      }
    }
    if (accDR && (t == 0 || (T - t) % span == 0)) {
      accumulateSteps(t, tEnd, T, rows, U, h + off, zrt, ldzr, 2 * U, accDR, accDW);
      accumulateSteps(t, tEnd, T, rows, U, rh + off, zht, ldzh, U, accDRH, accDWH);
      tEnd = t;
    }
    // dh_prev += [dzz dzr] Rzr^T
    gemm(rows, U, 2 * U, zrt, ldzr, 1, rzt, 8 * 2 * U, 8, dhr0, ldh, 1, 0);
  }
}

// ---------------------------------------------------------------------------------------------------
// Whole layers. A batch is cut into blocks of rows; each block is an independent problem with its own buffers
// (so threads never share writes) and its own partial weight gradients, which the host adds up. The host
// describes a block with a table of i32 fields at `d` (offsets below, mirrored in recurrentLayer.ts).

const D_CELL = 0; // 0 SimpleRNN, 1 LSTM, 2 GRU
const D_T = 1;
const D_B = 2; // rows of this block
const D_F = 3;
const D_U = 4;
const D_LDZ = 5;
const D_LDZH = 6;
const D_FLAGS = 7; // bit 0: full sequence output
const D_XB = 8; // block input, batch-major [B][T][F]
const D_X = 9; // time-major [T][B][F]
const D_Z = 10;
const D_ZH = 11;
const D_H = 12;
const D_C = 13;
const D_TC = 14;
const D_RH = 15;
const D_WP = 16;
const D_WHP = 17;
const D_BIAS = 18;
const D_BIASH = 19;
const D_RP = 20;
const D_RHP = 21;
const D_RTP = 22;
const D_RHTP = 23;
const D_KERNEL = 24; // the kernel as given, [F][G U]
const D_WTP = 25;
const D_WHTP = 26;
const D_OUT = 27; // block output, batch-major
const D_DYB = 28; // block output gradient, batch-major
const D_DY = 29; // time-major
const D_DX = 30; // time-major [T][B][ldx]
const D_DXB = 31; // block input gradient, batch-major
const D_DH = 32;
const D_DC = 33;
const D_DRHS = 34;
const D_DR = 35; // partial dR [U][ldz]
const D_DW = 36; // partial dW [F][ldz]
const D_DB = 37;
const D_DRH = 38; // GRU: partial dRh [U][ldzh]
const D_DWH = 39;
const D_DBH = 40;

@inline function field(d: usize, i: i32): i32 {
  return load<i32>(d + (<usize>i << 2));
}

@inline function ptr(d: usize, i: i32): usize {
  return <usize>load<u32>(d + (<usize>i << 2));
}

/** Forward pass of one block (see the field table): inputs to time-major, input projection, recurrence, output. */
export function layerForward(d: usize): void {
  const cell = field(d, D_CELL), T = field(d, D_T), B = field(d, D_B), F = field(d, D_F), U = field(d, D_U);
  const ldz = field(d, D_LDZ), ldzh = field(d, D_LDZH);
  const x = ptr(d, D_X), z = ptr(d, D_Z), zh = ptr(d, D_ZH), h = ptr(d, D_H);
  const TB = T * B;
  const uB = <usize>U << 2;
  swapAxes(ptr(d, D_XB), B, T, F, F, x, F);
  const nz = cell == 2 ? 2 * U : (cell == 1 ? 4 * U : U);
  gemm(TB, nz, F, x, F, 1, ptr(d, D_WP), 8 * F, 8, z, ldz, 2, ptr(d, D_BIAS));
  if (cell == 2) gemm(TB, U, F, x, F, 1, ptr(d, D_WHP), 8 * F, 8, zh, ldzh, 2, ptr(d, D_BIASH));
  memory.fill(h, 0, <usize>B * uB);
  if (cell == 1) {
    memory.fill(ptr(d, D_C), 0, <usize>B * uB);
    lstmForward(T, B, U, z, ldz, ptr(d, D_RP), h, ptr(d, D_C), ptr(d, D_TC), 0, B, true);
  } else if (cell == 2) {
    gruForward(T, B, U, z, ldz, zh, ldzh, ptr(d, D_RP), ptr(d, D_RHP), h, ptr(d, D_RH), 0, B, true);
  } else {
    rnnForward(T, B, U, z, ldz, ptr(d, D_RP), h, 0, B, true);
  }
  if (field(d, D_FLAGS) & 1) swapAxes(h + <usize>B * uB, T, B, U, U, ptr(d, D_OUT), U);
  else memory.copy(ptr(d, D_OUT), h + <usize>T * <usize>B * uB, <usize>B * uB);
}

/**
 * Backward pass of one block after its layerForward: backpropagation through time with the block's partial weight
 * gradients accumulated step by step, then its bias gradient and its input gradient (one product over its T B rows).
 */
export function layerBackward(d: usize): void {
  const cell = field(d, D_CELL), T = field(d, D_T), B = field(d, D_B), F = field(d, D_F), U = field(d, D_U);
  const ldz = field(d, D_LDZ), ldzh = field(d, D_LDZH);
  const x = ptr(d, D_X), z = ptr(d, D_Z), zh = ptr(d, D_ZH), h = ptr(d, D_H), dy = ptr(d, D_DY);
  const TB = T * B;
  const uB = <usize>U << 2;
  const perStep = (field(d, D_FLAGS) & 1) != 0;
  const Up = (U + 7) & ~7;
  if (perStep) swapAxes(ptr(d, D_DYB), B, T, U, U, dy, U);
  else memory.copy(dy, ptr(d, D_DYB), <usize>B * uB);
  // dR = sum over t of H[t]^T dZ[t] and dW = sum of X[t]^T dZ[t], accumulated inside the backward pass
  accX = x;
  accF = F;
  accH = h;
  accDR = ptr(d, D_DR);
  accDW = ptr(d, D_DW);
  accDRH = ptr(d, D_DRH);
  accDWH = ptr(d, D_DWH);
  if (cell == 1) {
    lstmBackward(T, B, U, z, ldz, ptr(d, D_RTP), ptr(d, D_C), ptr(d, D_TC), dy, perStep, ptr(d, D_DH), Up, ptr(d, D_DC), 0, B);
  } else if (cell == 2) {
    gruBackward(T, B, U, z, ldz, zh, ldzh, ptr(d, D_RTP), ptr(d, D_RHTP), h, ptr(d, D_RH), dy, perStep, ptr(d, D_DH), Up, ptr(d, D_DRHS), 0, B);
  } else {
    rnnBackward(T, B, U, z, ldz, ptr(d, D_RTP), h, dy, perStep, ptr(d, D_DH), Up, 0, B);
  }
  accDR = 0;
  const GU = cell == 2 ? 3 * U : (cell == 1 ? 4 * U : U);
  const nz = cell == 2 ? 2 * U : GU;
  // db = column sums of dZ (dR and dW were accumulated step by step)
  columnSums(TB, nz, z, ldz, ptr(d, D_DB), false);
  if (cell == 2) columnSums(TB, U, zh, ldzh, ptr(d, D_DBH), false);
  // dX = dZ W^T
  const dx = ptr(d, D_DX);
  const kernel = ptr(d, D_KERNEL);
  let ldx = F;
  if (F < 8) {
    gemmDotNT(TB, F, nz, z, ldz, kernel, GU, dx, F, false);
    if (cell == 2) gemmDotNT(TB, F, U, zh, ldzh, kernel + (<usize>(2 * U) << 2), GU, dx, F, true);
  } else {
    ldx = (F + 7) & ~7;
    gemm(TB, F, nz, z, ldz, 1, ptr(d, D_WTP), 8 * nz, 8, dx, ldx, 0, 0);
    if (cell == 2) gemm(TB, F, U, zh, ldzh, 1, ptr(d, D_WHTP), 8 * U, 8, dx, ldx, 1, 0);
  }
  swapAxes(dx, T, B, F, ldx, ptr(d, D_DXB), F);
}

// ---------------------------------------------------------------------------------------------------
// One step of a whole network for sampling: token -> first layer (its input projection read from a table that
// folds the embedding in) -> every recurrent layer (state carried in memory) -> logits. The host describes the
// network with a table of i32 fields at `d`: a header, then one record per layer.

const N_LAYERS = 0;
const N_ROWS = 1; // sequences sampled side by side
const N_VOCAB = 2;
const N_TOKENS = 3; // i32 [rows]: the tokens to feed
const N_LOGITS = 4; // [rows][ldl] out
const N_LDL = 5;
const N_LP = 6; // logits kernel packed (k = U of the last layer, n = vocab)
const N_LBIAS = 7; // logits bias, padded
const N_LAYER0 = 8;
const N_STRIDE = 20;
// per layer
const L_CELL = 0;
const L_U = 1;
const L_F = 2;
const L_LDZ = 3;
const L_LDZH = 4;
const L_TABLE = 5; // first layer: [vocab][ldz] = embedding W + b (GRU: z r part)
const L_TABLEH = 6; // first layer, GRU: [vocab][ldzh]
const L_WP = 7; // other layers: packed W (k = F)
const L_WHP = 8;
const L_BIAS = 9;
const L_BIASH = 10;
const L_RP = 11;
const L_RHP = 12;
const L_Z = 13; // scratch [rows][ldz]
const L_ZH = 14;
const L_H = 15; // [2][rows][U]: state, then the new state
const L_C = 16; // LSTM [2][rows][U]
const L_TC = 17; // LSTM scratch [rows][U]
const L_RH = 18; // GRU scratch [rows][U]

/** Feeds one token per row through the network described at d; the next-token logits land in N_LOGITS. */
export function stepNetwork(d: usize): void {
  const layers = field(d, N_LAYERS), rows = field(d, N_ROWS), vocab = field(d, N_VOCAB);
  const tokens = ptr(d, N_TOKENS);
  let input: usize = 0;
  let inputDim = 0;
  for (let l = 0; l < layers; l++) {
    const L = d + (<usize>(N_LAYER0 + l * N_STRIDE) << 2);
    const cell = field(L, L_CELL), U = field(L, L_U), F = field(L, L_F), ldz = field(L, L_LDZ), ldzh = field(L, L_LDZH);
    const z = ptr(L, L_Z), zh = ptr(L, L_ZH), h = ptr(L, L_H);
    const rowB = <usize>rows * <usize>U << 2;
    if (l == 0) {
      for (let r = 0; r < rows; r++) {
        let t = load<i32>(tokens + (<usize>r << 2));
        if (t < 0 || t >= vocab) t = 0;
        memory.copy(z + ((<usize>r * <usize>ldz) << 2), ptr(L, L_TABLE) + ((<usize>t * <usize>ldz) << 2), <usize>ldz << 2);
        if (cell == 2) memory.copy(zh + ((<usize>r * <usize>ldzh) << 2), ptr(L, L_TABLEH) + ((<usize>t * <usize>ldzh) << 2), <usize>ldzh << 2);
      }
    } else {
      const nz = cell == 2 ? 2 * U : (cell == 1 ? 4 * U : U);
      gemm(rows, nz, F, input, inputDim, 1, ptr(L, L_WP), 8 * F, 8, z, ldz, 2, ptr(L, L_BIAS));
      if (cell == 2) gemm(rows, U, F, input, inputDim, 1, ptr(L, L_WHP), 8 * F, 8, zh, ldzh, 2, ptr(L, L_BIASH));
    }
    if (cell == 1) {
      lstmForward(1, rows, U, z, ldz, ptr(L, L_RP), h, ptr(L, L_C), ptr(L, L_TC), 0, rows, false);
      memory.copy(ptr(L, L_C), ptr(L, L_C) + rowB, rowB);
    } else if (cell == 2) {
      gruForward(1, rows, U, z, ldz, zh, ldzh, ptr(L, L_RP), ptr(L, L_RHP), h, ptr(L, L_RH), 0, rows, false);
    } else {
      rnnForward(1, rows, U, z, ldz, ptr(L, L_RP), h, 0, rows, false);
    }
    memory.copy(h, h + rowB, rowB);
    input = h;
    inputDim = U;
  }
  gemm(rows, vocab, inputDim, input, inputDim, 1, ptr(d, N_LP), 8 * inputDim, 8, ptr(d, N_LOGITS), field(d, N_LDL), 2, ptr(d, N_LBIAS));
}

/** gemm with its 13 arguments read from the i32 table at d (in gemm's order): a product or a slice of one, for threads. */
export function gemmTask(d: usize): void {
  gemm(
    field(d, 0), field(d, 1), field(d, 2), ptr(d, 3), field(d, 4), field(d, 5), ptr(d, 6), field(d, 7), field(d, 8),
    ptr(d, 9), field(d, 10), field(d, 11), ptr(d, 12),
  );
}

// ---------------------------------------------------------------------------------------------------
// Softmax cross-entropy over the last axis, for one-hot (or any probability) labels.

/**
 * For m rows of n logits x and labels y (both row stride n): logSoftmax[i] = x[i] - logsumexp(x[i]) into lsm, and
 * the row losses -sum_j y[i][j] lsm[i][j] into loss[i].
 */
export function softmaxCrossEntropy(m: i32, n: i32, x: usize, y: usize, lsm: usize, loss: usize): void {
  const n4 = n & ~3;
  for (let i = 0; i < m; i++) {
    const xr = x + ((<usize>i * <usize>n) << 2), yr = y + ((<usize>i * <usize>n) << 2), lr = lsm + ((<usize>i * <usize>n) << 2);
    let mx = f32x4.splat(-Infinity);
    let j = 0;
    for (; j < n4; j += 4) mx = f32x4.pmax(mx, v128.load(xr + (<usize>j << 2)));
    let top = max(max(f32x4.extract_lane(mx, 0), f32x4.extract_lane(mx, 1)), max(f32x4.extract_lane(mx, 2), f32x4.extract_lane(mx, 3)));
    for (; j < n; j++) top = max(top, load<f32>(xr + (<usize>j << 2)));
    const topv = f32x4.splat(top);
    let s = f32x4.splat(0);
    for (j = 0; j < n4; j += 4) s = f32x4.add(s, vexp(f32x4.sub(v128.load(xr + (<usize>j << 2)), topv)));
    let sum = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
    for (; j < n; j++) sum += f32x4.extract_lane(vexp(f32x4.splat(load<f32>(xr + (<usize>j << 2)) - top)), 0);
    const lse = top + Mathf.log(sum);
    const lsev = f32x4.splat(lse);
    let l = f32x4.splat(0);
    for (j = 0; j < n4; j += 4) {
      const o = <usize>j << 2;
      const v = f32x4.sub(v128.load(xr + o), lsev);
      v128.store(lr + o, v);
      l = madd(v128.load(yr + o), v, l);
    }
    let total = f32x4.extract_lane(l, 0) + f32x4.extract_lane(l, 1) + f32x4.extract_lane(l, 2) + f32x4.extract_lane(l, 3);
    for (; j < n; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(xr + o) - lse;
      store<f32>(lr + o, v);
      total += load<f32>(yr + o) * v;
    }
    store<f32>(loss + (<usize>i << 2), -total);
  }
}

/**
 * Gradients of softmaxCrossEntropy for m rows of n with row weights g[i] (the upstream gradient of each row's loss):
 * dx = g (softmax - y) into dx, and into dyl (unless 0) the labels' gradient as tfjs defines it, -dx.
 */
export function softmaxCrossEntropyGrad(m: i32, n: i32, y: usize, lsm: usize, g: usize, dx: usize, dyl: usize): void {
  const n4 = n & ~3;
  for (let i = 0; i < m; i++) {
    const off = (<usize>i * <usize>n) << 2;
    const gi = load<f32>(g + (<usize>i << 2));
    const gv = f32x4.splat(gi);
    let j = 0;
    for (; j < n4; j += 4) {
      const o = off + (<usize>j << 2);
      const d = f32x4.mul(gv, f32x4.sub(vexp(v128.load(lsm + o)), v128.load(y + o)));
      v128.store(dx + o, d);
      if (dyl) v128.store(dyl + o, f32x4.neg(d));
    }
    for (; j < n; j++) {
      const o = off + (<usize>j << 2);
      const d = gi * (f32x4.extract_lane(vexp(f32x4.splat(load<f32>(lsm + o))), 0) - load<f32>(y + o));
      store<f32>(dx + o, d);
      if (dyl) store<f32>(dyl + o, -d);
    }
  }
}

/** dst[i] += src[i] for n floats (adding up the blocks' partial gradients). */
export function addInto(dst: usize, src: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}
