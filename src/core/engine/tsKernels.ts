/**
 * The kernels in plain TypeScript, for hosts without WebAssembly: the same functions, arguments and memory
 * layout as kernels/assembly/kernels.ts (pointers are byte offsets into an ArrayBuffer), computed with scalar loops.
 * Slower, but the same results up to float rounding, so everything above the kernels is shared.
 */
import { D, DESCRIPTOR_FIELDS, L, N } from './descriptor';
import type { KernelInstance, KernelMemory, RecurrentKernels } from './kernelApi';
import { PAGE_BYTES } from './kernelApi';

/** An ArrayBuffer that grows like a WebAssembly.Memory (by copying into a larger buffer). */
export class ArrayMemory implements KernelMemory {
  buffer: ArrayBuffer;

  constructor(pages: number) {
    this.buffer = new ArrayBuffer(pages * PAGE_BYTES);
  }

  grow(pages: number): number {
    const previous = this.buffer.byteLength / PAGE_BYTES;
    const next = new ArrayBuffer(this.buffer.byteLength + pages * PAGE_BYTES);
    new Uint8Array(next).set(new Uint8Array(this.buffer));
    this.buffer = next;
    return previous;
  }
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Creates the TypeScript kernels over a fresh memory of `pages` pages. */
export function createTsKernels(pages = 16): KernelInstance {
  const memory = new ArrayMemory(pages);
  let view = new Float32Array(memory.buffer);
  /** The float view of the memory (renewed after growth). */
  const mem = (): Float32Array => {
    if (view.buffer !== memory.buffer) view = new Float32Array(memory.buffer);
    return view;
  };

  const kernels: RecurrentKernels = {
    heapBase() {
      return 0;
    },

    packB(src, ld, k, n, transposed, dst) {
      const f = mem();
      const s = src >> 2;
      let d = dst >> 2;
      const panels = (n + 7) >> 3;
      for (let q = 0; q < panels; q++) {
        for (let p = 0; p < k; p++) {
          for (let j = 0; j < 8; j++) {
            const col = q * 8 + j;
            f[d++] = col >= n ? 0 : transposed ? f[s + col * ld + p] : f[s + p * ld + col];
          }
        }
      }
    },

    gemm(m, n, k, a, ars, acs, b, bps, bks, c, ldc, mode, bias) {
      if (m <= 0 || n <= 0 || (k <= 0 && mode === 1)) return;
      const f = mem();
      const width = ((n + 7) >> 3) * 8;
      const row = new Float64Array(width);
      const a0 = a >> 2;
      const b0 = b >> 2;
      for (let i = 0; i < m; i++) {
        const ci = (c >> 2) + i * ldc;
        for (let j = 0; j < width; j++) row[j] = mode === 1 ? f[ci + j] : mode === 2 ? f[(bias >> 2) + j] : 0;
        for (let p = 0; p < k; p++) {
          const av = f[a0 + i * ars + p * acs];
          if (av === 0) continue;
          for (let q = 0; q < width; q += 8) {
            const bq = b0 + (q >> 3) * bps + p * bks;
            for (let j = 0; j < 8; j++) row[q + j] += av * f[bq + j];
          }
        }
        for (let j = 0; j < width; j++) f[ci + j] = row[j];
      }
    },

    gemmDotNT(m, n, k, a, lda, b, ldb, c, ldc, accumulate) {
      const f = mem();
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          const ai = (a >> 2) + i * lda;
          const bj = (b >> 2) + j * ldb;
          for (let p = 0; p < k; p++) s += f[ai + p] * f[bj + p];
          const ci = (c >> 2) + i * ldc + j;
          f[ci] = accumulate ? f[ci] + s : s;
        }
      }
    },

    columnSums(m, n, src, ld, dst, accumulate) {
      const f = mem();
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += f[(src >> 2) + i * ld + j];
        const d = (dst >> 2) + j;
        f[d] = accumulate ? f[d] + s : s;
      }
    },

    swapAxes(src, d0, d1, w, srcLd, dst, dstLd) {
      const f = mem();
      for (let i = 0; i < d0; i++) {
        for (let j = 0; j < d1; j++) {
          const s = (src >> 2) + (i * d1 + j) * srcLd;
          f.copyWithin((dst >> 2) + (j * d0 + i) * dstLd, s, s + w);
        }
      }
    },

    addInto(dst, src, n) {
      const f = mem();
      for (let i = 0; i < n; i++) f[(dst >> 2) + i] += f[(src >> 2) + i];
    },

    copyRows(src, srcLd, rows, w, dst, dstLd) {
      const f = mem();
      for (let i = 0; i < rows; i++) {
        const s = (src >> 2) + i * srcLd;
        f.copyWithin((dst >> 2) + i * dstLd, s, s + w);
      }
    },

    rnnForward(T, B, U, z, ldz, rp, h, r0, r1, skipFirst) {
      for (let t = 0; t < T; t++) {
        const zt = (z >> 2) + (t * B + r0) * ldz;
        const hp = (h >> 2) + (t * B + r0) * U;
        if (t > 0 || !skipFirst) kernels.gemm(r1 - r0, U, U, hp * 4, U, 1, rp, 8 * U, 8, zt * 4, ldz, 1, 0);
        const f = mem();
        for (let i = 0; i < r1 - r0; i++) {
          for (let u = 0; u < U; u++) f[hp + B * U + i * U + u] = Math.tanh(f[zt + i * ldz + u]);
        }
      }
    },

    rnnBackward(T, B, U, z, ldz, rtp, h, dy, perStep, dh, ldh, r0, r1) {
      const rows = r1 - r0;
      const dh0 = (dh >> 2) + r0 * ldh;
      mem().fill(0, dh0, dh0 + rows * ldh);
      for (let t = T - 1; t >= 0; t--) {
        const f = mem();
        const zt = (z >> 2) + (t * B + r0) * ldz;
        const hn = (h >> 2) + ((t + 1) * B + r0) * U;
        const dyt = perStep ? (dy >> 2) + (t * B + r0) * U : t === T - 1 ? (dy >> 2) + r0 * U : -1;
        for (let i = 0; i < rows; i++) {
          for (let u = 0; u < U; u++) {
            const g = f[dh0 + i * ldh + u] + (dyt >= 0 ? f[dyt + i * U + u] : 0);
            const hv = f[hn + i * U + u];
            f[zt + i * ldz + u] = g * (1 - hv * hv);
          }
        }
        kernels.gemm(rows, U, U, zt * 4, ldz, 1, rtp, 8 * U, 8, dh0 * 4, ldh, 0, 0);
      }
    },

    lstmForward(T, B, U, z, ldz, rp, h, c, tc, r0, r1, skipFirst) {
      for (let t = 0; t < T; t++) {
        const zt = (z >> 2) + (t * B + r0) * ldz;
        const off = (t * B + r0) * U;
        if (t > 0 || !skipFirst)
          kernels.gemm(r1 - r0, 4 * U, U, h + off * 4, U, 1, rp, 8 * U, 8, zt * 4, ldz, 1, 0);
        const f = mem();
        for (let i = 0; i < r1 - r0; i++) {
          const zr = zt + i * ldz;
          const ro = off + i * U;
          for (let u = 0; u < U; u++) {
            const ig = sigmoid(f[zr + u]);
            const fg = sigmoid(f[zr + U + u]);
            const gg = Math.tanh(f[zr + 2 * U + u]);
            const og = sigmoid(f[zr + 3 * U + u]);
            const cv = fg * f[(c >> 2) + ro + u] + ig * gg;
            const th = Math.tanh(cv);
            f[zr + u] = ig;
            f[zr + U + u] = fg;
            f[zr + 2 * U + u] = gg;
            f[zr + 3 * U + u] = og;
            f[(c >> 2) + ro + B * U + u] = cv;
            f[(tc >> 2) + ro + u] = th;
            f[(h >> 2) + ro + B * U + u] = og * th;
          }
        }
      }
    },

    lstmBackward(T, B, U, z, ldz, rtp, c, tc, dy, perStep, dh, ldh, dc, r0, r1) {
      const rows = r1 - r0;
      const dh0 = (dh >> 2) + r0 * ldh;
      const dc0 = (dc >> 2) + r0 * U;
      mem().fill(0, dh0, dh0 + rows * ldh);
      mem().fill(0, dc0, dc0 + rows * U);
      for (let t = T - 1; t >= 0; t--) {
        const f = mem();
        const zt = (z >> 2) + (t * B + r0) * ldz;
        const off = (t * B + r0) * U;
        const dyt = perStep ? (dy >> 2) + off : t === T - 1 ? (dy >> 2) + r0 * U : -1;
        for (let i = 0; i < rows; i++) {
          const zr = zt + i * ldz;
          for (let u = 0; u < U; u++) {
            const g = f[dh0 + i * ldh + u] + (dyt >= 0 ? f[dyt + i * U + u] : 0);
            const ig = f[zr + u];
            const fg = f[zr + U + u];
            const gg = f[zr + 2 * U + u];
            const og = f[zr + 3 * U + u];
            const th = f[(tc >> 2) + off + i * U + u];
            const dcv = f[dc0 + i * U + u] + g * og * (1 - th * th);
            f[dc0 + i * U + u] = dcv * fg;
            f[zr + u] = dcv * gg * ig * (1 - ig);
            f[zr + U + u] = dcv * f[(c >> 2) + off + i * U + u] * fg * (1 - fg);
            f[zr + 2 * U + u] = dcv * ig * (1 - gg * gg);
            f[zr + 3 * U + u] = g * th * og * (1 - og);
          }
        }
        kernels.gemm(rows, U, 4 * U, zt * 4, ldz, 1, rtp, 8 * 4 * U, 8, dh0 * 4, ldh, 0, 0);
      }
    },

    gruForward(T, B, U, zzr, ldzr, zh, ldzh, rzp, rhp, h, rh, r0, r1, skipFirst) {
      const rows = r1 - r0;
      for (let t = 0; t < T; t++) {
        const zrt = (zzr >> 2) + (t * B + r0) * ldzr;
        const zht = (zh >> 2) + (t * B + r0) * ldzh;
        const off = (t * B + r0) * U;
        const first = t === 0 && skipFirst;
        if (!first) kernels.gemm(rows, 2 * U, U, h + off * 4, U, 1, rzp, 8 * U, 8, zrt * 4, ldzr, 1, 0);
        let f = mem();
        for (let i = 0; i < rows; i++) {
          for (let u = 0; u < U; u++) {
            const zg = sigmoid(f[zrt + i * ldzr + u]);
            const rg = sigmoid(f[zrt + i * ldzr + U + u]);
            f[zrt + i * ldzr + u] = zg;
            f[zrt + i * ldzr + U + u] = rg;
            f[(rh >> 2) + off + i * U + u] = rg * f[(h >> 2) + off + i * U + u];
          }
        }
        if (!first) kernels.gemm(rows, U, U, rh + off * 4, U, 1, rhp, 8 * U, 8, zht * 4, ldzh, 1, 0);
        f = mem();
        for (let i = 0; i < rows; i++) {
          for (let u = 0; u < U; u++) {
            const hh = Math.tanh(f[zht + i * ldzh + u]);
            const zg = f[zrt + i * ldzr + u];
            f[zht + i * ldzh + u] = hh;
            const hp = f[(h >> 2) + off + i * U + u];
            f[(h >> 2) + off + B * U + i * U + u] = zg * hp + (1 - zg) * hh;
          }
        }
      }
    },

    gruBackward(T, B, U, zzr, ldzr, zh, ldzh, rzt, rht, h, _rh, dy, perStep, dh, ldh, drh, r0, r1) {
      const rows = r1 - r0;
      const dh0 = (dh >> 2) + r0 * ldh;
      const drh0 = (drh >> 2) + r0 * ldh;
      mem().fill(0, dh0, dh0 + rows * ldh);
      for (let t = T - 1; t >= 0; t--) {
        const zrt = (zzr >> 2) + (t * B + r0) * ldzr;
        const zht = (zh >> 2) + (t * B + r0) * ldzh;
        const off = (t * B + r0) * U;
        const dyt = perStep ? (dy >> 2) + off : t === T - 1 ? (dy >> 2) + r0 * U : -1;
        let f = mem();
        for (let i = 0; i < rows; i++) {
          for (let u = 0; u < U; u++) {
            const g = f[dh0 + i * ldh + u] + (dyt >= 0 ? f[dyt + i * U + u] : 0);
            const zg = f[zrt + i * ldzr + u];
            const hh = f[zht + i * ldzh + u];
            const hv = f[(h >> 2) + off + i * U + u];
            f[zht + i * ldzh + u] = g * (1 - zg) * (1 - hh * hh);
            f[zrt + i * ldzr + u] = g * (hv - hh) * zg * (1 - zg);
            f[dh0 + i * ldh + u] = g * zg;
          }
        }
        kernels.gemm(rows, U, U, zht * 4, ldzh, 1, rht, 8 * U, 8, drh0 * 4, ldh, 0, 0);
        f = mem();
        for (let i = 0; i < rows; i++) {
          for (let u = 0; u < U; u++) {
            const rg = f[zrt + i * ldzr + U + u];
            const d = f[drh0 + i * ldh + u];
            f[zrt + i * ldzr + U + u] = d * f[(h >> 2) + off + i * U + u] * rg * (1 - rg);
            f[dh0 + i * ldh + u] += d * rg;
          }
        }
        kernels.gemm(rows, U, 2 * U, zrt * 4, ldzr, 1, rzt, 8 * 2 * U, 8, dh0 * 4, ldh, 1, 0);
      }
    },

    layerForward(d) {
      const v = new Int32Array(memory.buffer, d, DESCRIPTOR_FIELDS);
      const [cell, T, B, F, U, ldz, ldzh] = [v[D.CELL], v[D.T], v[D.B], v[D.F], v[D.U], v[D.LDZ], v[D.LDZH]];
      const TB = T * B;
      kernels.swapAxes(v[D.XB], B, T, F, F, v[D.X], F);
      const nz = cell === 2 ? 2 * U : cell === 1 ? 4 * U : U;
      kernels.gemm(TB, nz, F, v[D.X], F, 1, v[D.WP], 8 * F, 8, v[D.Z], ldz, 2, v[D.BIAS]);
      if (cell === 2) kernels.gemm(TB, U, F, v[D.X], F, 1, v[D.WHP], 8 * F, 8, v[D.ZH], ldzh, 2, v[D.BIASH]);
      mem().fill(0, v[D.H] >> 2, (v[D.H] >> 2) + B * U);
      if (cell === 1) {
        mem().fill(0, v[D.C] >> 2, (v[D.C] >> 2) + B * U);
        kernels.lstmForward(T, B, U, v[D.Z], ldz, v[D.RP], v[D.H], v[D.C], v[D.TC], 0, B, 1);
      } else if (cell === 2) {
        kernels.gruForward(T, B, U, v[D.Z], ldz, v[D.ZH], ldzh, v[D.RP], v[D.RHP], v[D.H], v[D.RH], 0, B, 1);
      } else {
        kernels.rnnForward(T, B, U, v[D.Z], ldz, v[D.RP], v[D.H], 0, B, 1);
      }
      if (v[D.FLAGS] & 1) kernels.swapAxes(v[D.H] + B * U * 4, T, B, U, U, v[D.OUT], U);
      else kernels.copyRows(v[D.H] + T * B * U * 4, B * U, 1, B * U, v[D.OUT], B * U);
    },

    layerBackward(d) {
      const v = new Int32Array(memory.buffer, d, DESCRIPTOR_FIELDS);
      const [cell, T, B, F, U, ldz, ldzh] = [v[D.CELL], v[D.T], v[D.B], v[D.F], v[D.U], v[D.LDZ], v[D.LDZH]];
      const TB = T * B;
      const perStep = v[D.FLAGS] & 1;
      const Up = (U + 7) & ~7;
      if (perStep) kernels.swapAxes(v[D.DYB], B, T, U, U, v[D.DY], U);
      else kernels.copyRows(v[D.DYB], B * U, 1, B * U, v[D.DY], B * U);
      if (cell === 1) {
        kernels.lstmBackward(
          T,
          B,
          U,
          v[D.Z],
          ldz,
          v[D.RTP],
          v[D.C],
          v[D.TC],
          v[D.DY],
          perStep,
          v[D.DH],
          Up,
          v[D.DC],
          0,
          B,
        );
      } else if (cell === 2) {
        kernels.gruBackward(
          T,
          B,
          U,
          v[D.Z],
          ldz,
          v[D.ZH],
          ldzh,
          v[D.RTP],
          v[D.RHTP],
          v[D.H],
          v[D.RH],
          v[D.DY],
          perStep,
          v[D.DH],
          Up,
          v[D.DRHS],
          0,
          B,
        );
      } else {
        kernels.rnnBackward(T, B, U, v[D.Z], ldz, v[D.RTP], v[D.H], v[D.DY], perStep, v[D.DH], Up, 0, B);
      }
      const GU = cell === 2 ? 3 * U : cell === 1 ? 4 * U : U;
      const nz = cell === 2 ? 2 * U : GU;
      kernels.gemm(U, nz, TB, v[D.H], 1, U, v[D.Z], 8, ldz, v[D.DR], ldz, 0, 0);
      kernels.gemm(F, nz, TB, v[D.X], 1, F, v[D.Z], 8, ldz, v[D.DW], ldz, 0, 0);
      kernels.columnSums(TB, nz, v[D.Z], ldz, v[D.DB], 0);
      if (cell === 2) {
        kernels.gemm(U, U, TB, v[D.RH], 1, U, v[D.ZH], 8, ldzh, v[D.DRH], ldzh, 0, 0);
        kernels.gemm(F, U, TB, v[D.X], 1, F, v[D.ZH], 8, ldzh, v[D.DWH], ldzh, 0, 0);
        kernels.columnSums(TB, U, v[D.ZH], ldzh, v[D.DBH], 0);
      }
      let ldx = F;
      if (F < 8) {
        kernels.gemmDotNT(TB, F, nz, v[D.Z], ldz, v[D.KERNEL], GU, v[D.DX], F, 0);
        if (cell === 2) kernels.gemmDotNT(TB, F, U, v[D.ZH], ldzh, v[D.KERNEL] + 8 * U, GU, v[D.DX], F, 1);
      } else {
        ldx = (F + 7) & ~7;
        kernels.gemm(TB, F, nz, v[D.Z], ldz, 1, v[D.WTP], 8 * nz, 8, v[D.DX], ldx, 0, 0);
        if (cell === 2) kernels.gemm(TB, F, U, v[D.ZH], ldzh, 1, v[D.WHTP], 8 * U, 8, v[D.DX], ldx, 1, 0);
      }
      kernels.swapAxes(v[D.DX], T, B, F, ldx, v[D.DXB], F);
    },

    gemmTask(d) {
      const a = Array.from(new Int32Array(memory.buffer, d, 13));
      kernels.gemm(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
    },

    stepNetwork(d) {
      const head = new Int32Array(memory.buffer, d, N.LAYER0);
      const [layers, rows, vocab] = [head[N.LAYERS], head[N.ROWS], head[N.VOCAB]];
      const tokens = new Int32Array(memory.buffer, head[N.TOKENS], rows).slice();
      let input = 0;
      let inputDim = 0;
      for (let l = 0; l < layers; l++) {
        const v = new Int32Array(memory.buffer, d + (N.LAYER0 + l * N.STRIDE) * 4, N.STRIDE);
        const [cell, U, F, ldz, ldzh] = [v[L.CELL], v[L.U], v[L.F], v[L.LDZ], v[L.LDZH]];
        if (l === 0) {
          for (let r = 0; r < rows; r++) {
            const t = tokens[r] >= 0 && tokens[r] < vocab ? tokens[r] : 0;
            kernels.copyRows(v[L.TABLE] + t * ldz * 4, ldz, 1, ldz, v[L.Z] + r * ldz * 4, ldz);
            if (cell === 2)
              kernels.copyRows(v[L.TABLEH] + t * ldzh * 4, ldzh, 1, ldzh, v[L.ZH] + r * ldzh * 4, ldzh);
          }
        } else {
          const nz = cell === 2 ? 2 * U : cell === 1 ? 4 * U : U;
          kernels.gemm(rows, nz, F, input, inputDim, 1, v[L.WP], 8 * F, 8, v[L.Z], ldz, 2, v[L.BIAS]);
          if (cell === 2)
            kernels.gemm(rows, U, F, input, inputDim, 1, v[L.WHP], 8 * F, 8, v[L.ZH], ldzh, 2, v[L.BIASH]);
        }
        const n = rows * U;
        if (cell === 1) {
          kernels.lstmForward(1, rows, U, v[L.Z], ldz, v[L.RP], v[L.H], v[L.C], v[L.TC], 0, rows, 0);
          kernels.copyRows(v[L.C] + n * 4, n, 1, n, v[L.C], n);
        } else if (cell === 2) {
          kernels.gruForward(
            1,
            rows,
            U,
            v[L.Z],
            ldz,
            v[L.ZH],
            ldzh,
            v[L.RP],
            v[L.RHP],
            v[L.H],
            v[L.RH],
            0,
            rows,
            0,
          );
        } else {
          kernels.rnnForward(1, rows, U, v[L.Z], ldz, v[L.RP], v[L.H], 0, rows, 0);
        }
        kernels.copyRows(v[L.H] + n * 4, n, 1, n, v[L.H], n);
        input = v[L.H];
        inputDim = U;
      }
      kernels.gemm(
        rows,
        vocab,
        inputDim,
        input,
        inputDim,
        1,
        head[N.LP],
        8 * inputDim,
        8,
        head[N.LOGITS],
        head[N.LDL],
        2,
        head[N.LBIAS],
      );
    },

    softmaxCrossEntropy(m, n, x, y, lsm, loss) {
      const f = mem();
      for (let i = 0; i < m; i++) {
        const xr = (x >> 2) + i * n;
        let top = -Infinity;
        for (let j = 0; j < n; j++) top = Math.max(top, f[xr + j]);
        let sum = 0;
        for (let j = 0; j < n; j++) sum += Math.exp(f[xr + j] - top);
        const lse = top + Math.log(sum);
        let total = 0;
        for (let j = 0; j < n; j++) {
          const v = f[xr + j] - lse;
          f[(lsm >> 2) + i * n + j] = v;
          total += f[(y >> 2) + i * n + j] * v;
        }
        f[(loss >> 2) + i] = -total;
      }
    },

    softmaxCrossEntropyGrad(m, n, y, lsm, g, dx, dyl) {
      const f = mem();
      for (let i = 0; i < m; i++) {
        const gi = f[(g >> 2) + i];
        for (let j = 0; j < n; j++) {
          const o = i * n + j;
          const d = gi * (Math.exp(f[(lsm >> 2) + o]) - f[(y >> 2) + o]);
          f[(dx >> 2) + o] = d;
          if (dyl) f[(dyl >> 2) + o] = -d;
        }
      }
    },

    sigmoidArray(src, dst, n) {
      const f = mem();
      for (let i = 0; i < n; i++) f[(dst >> 2) + i] = sigmoid(f[(src >> 2) + i]);
    },

    tanhArray(src, dst, n) {
      const f = mem();
      for (let i = 0; i < n; i++) f[(dst >> 2) + i] = Math.tanh(f[(src >> 2) + i]);
    },
  };
  return { kind: 'typescript', kernels, memory };
}
