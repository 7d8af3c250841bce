/**
 * A Dense layer (linear activation, tf.layers layout) run by the kernels: y = x W + b as one product, and its
 * gradients dW = x^T dy, db = column sums of dy, dx = dy W^T, each product split between the kernel threads.
 * Shapes: x [M, F] (leading axes flattened), kernel [F, N], bias [N] or none, y [M, N].
 */
import type { KernelHeap } from './heap';
import type { BlockScheduler } from './kernelApi';
import { serialScheduler } from './recurrentLayer';

const roundUp8 = (v: number): number => Math.ceil(v / 8) * 8;
/** Arguments of gemm (see kernelApi.ts). */
type GemmArgs = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const GEMM_FIELDS = 13;

/** Gradients of a Dense layer: dx [M, F], dKernel [F, N], dBias [N]. */
export interface DenseGradients {
  dx: Float32Array;
  dKernel: Float32Array;
  dBias: Float32Array;
}

interface Buffers {
  M: number;
  ptrs: number[];
  x: number;
  y: number;
  out: number;
  dy: number;
  dx: number;
}

/** The kernels' side of one Dense layer (see the module comment). Call forward, then backward while holds(ticket). */
export class DenseLayerKernels {
  readonly inputDim: number;
  readonly units: number;
  private readonly heap: KernelHeap;
  private readonly scheduler: BlockScheduler;
  private readonly weights: {
    ptrs: number[];
    kernel: number;
    wp: number;
    wtp: number;
    bias: number;
    dw: number;
    db: number;
    tasks: number;
  };
  private buffers: Buffers | null = null;
  private held = 0;
  private heldM = 0;
  private static tickets = 0;

  constructor(heap: KernelHeap, inputDim: number, units: number, scheduler?: BlockScheduler) {
    this.heap = heap;
    this.inputDim = inputDim;
    this.units = units;
    this.scheduler = scheduler ?? serialScheduler(heap.instance.kernels);
    const F = inputDim;
    const Np = roundUp8(units);
    const ptrs: number[] = [];
    const a = (floats: number) => {
      const p = heap.allocFloats(Math.max(floats, 1));
      ptrs.push(p);
      return p;
    };
    this.weights = {
      ptrs,
      kernel: a(F * units),
      wp: a(F * Np),
      wtp: F >= 8 ? a(units * roundUp8(F)) : 0,
      bias: a(Np),
      dw: a(F * Np),
      db: a(Np),
      tasks: a(this.scheduler.parts * GEMM_FIELDS),
    };
  }

  private ensureBuffers(M: number): Buffers {
    if (this.buffers && this.buffers.M === M) return this.buffers;
    this.releaseBuffers();
    const F = this.inputDim;
    const N = this.units;
    const ptrs: number[] = [];
    const a = (floats: number) => {
      const p = this.heap.allocFloats(Math.max(floats, 1));
      ptrs.push(p);
      return p;
    };
    this.buffers = {
      M,
      ptrs,
      x: a(M * F),
      y: a(M * roundUp8(N)),
      out: a(M * N),
      dy: a(M * N + 8),
      dx: a(M * roundUp8(F)),
    };
    return this.buffers;
  }

  private releaseBuffers(): void {
    if (this.buffers) for (const p of this.buffers.ptrs) this.heap.release(p);
    this.buffers = null;
    this.held = 0;
  }

  /** Frees the layer's kernel memory. */
  dispose(): void {
    this.releaseBuffers();
    for (const p of this.weights.ptrs) this.heap.release(p);
  }

  /** Whether the workspace still holds the input of forward pass `ticket`. */
  holds(ticket: number): boolean {
    return ticket !== 0 && ticket === this.held;
  }

  /**
   * Runs gemm split into the scheduler's parts: by rows of C (`rows`: A and C advance by the given bytes per row), or by
   * panels of 8 columns (`cols`: B advances by `bPanel` bytes per panel, C and the bias by 32).
   */
  private gemm(args: GemmArgs, split: { rows: [number, number] } | { cols: number }): void {
    const [m, n] = args;
    const parts: GemmArgs[] = [];
    const threads = this.scheduler.parts;
    if ('rows' in split) {
      const n4 = Math.ceil(m / 4);
      const per = Math.max(4, Math.ceil(n4 / threads) * 4);
      for (let r0 = 0; r0 < m; r0 += per) {
        const part = [...args] as GemmArgs;
        part[0] = Math.min(per, m - r0);
        part[3] += r0 * split.rows[0];
        part[9] += r0 * split.rows[1];
        parts.push(part);
      }
    } else {
      const panels = Math.ceil(n / 8);
      const per = Math.max(1, Math.ceil(panels / threads));
      for (let q0 = 0; q0 < panels; q0 += per) {
        const part = [...args] as GemmArgs;
        part[1] = Math.min(per * 8, n - q0 * 8);
        part[6] += q0 * split.cols;
        part[9] += q0 * 32;
        if (part[11] === 2) part[12] += q0 * 32;
        parts.push(part);
      }
    }
    const descs = parts.map((part, i) => {
      const d = this.weights.tasks + i * GEMM_FIELDS * 4;
      this.heap.writeInt32(d, Int32Array.from(part));
      return d;
    });
    this.scheduler.run('gemmTask', descs);
  }

  /** y = x W + b for x [M, F] (row-major floats). Returns y [M, N] and a ticket for backward(). */
  forward(
    x: Float32Array,
    M: number,
    kernel: Float32Array,
    bias: Float32Array | null,
  ): { output: Float32Array; ticket: number } {
    const F = this.inputDim;
    const N = this.units;
    const Np = roundUp8(N);
    if (x.length !== M * F || kernel.length !== F * N)
      throw new Error(`dense kernels: [${M}, ${F}] x [${F}, ${N}] do not fit`);
    const W = this.weights;
    const B = this.ensureBuffers(M);
    const k = this.heap.instance.kernels;
    this.heap.write(W.kernel, kernel);
    k.packB(W.kernel, N, F, N, 0, W.wp);
    this.heap.zero(W.bias, Np);
    if (bias) this.heap.write(W.bias, bias);
    this.heap.write(B.x, x);
    this.gemm([M, N, F, B.x, F, 1, W.wp, 8 * F, 8, B.y, Np, 2, W.bias], { rows: [F * 4, Np * 4] });
    k.copyRows(B.y, Np, M, N, B.out, N);
    this.held = ++DenseLayerKernels.tickets;
    this.heldM = M;
    return { output: this.heap.read(B.out, M * N), ticket: this.held };
  }

  /** Gradients for forward pass `ticket` (still held), given dy [M, N]. */
  backward(ticket: number, dy: Float32Array): DenseGradients {
    const B = this.buffers;
    if (!this.holds(ticket) || !B)
      throw new Error('dense kernels: the forward pass to differentiate is no longer held');
    const M = this.heldM;
    const F = this.inputDim;
    const N = this.units;
    const Np = roundUp8(N);
    const Fp = roundUp8(F);
    const W = this.weights;
    const k = this.heap.instance.kernels;
    this.heap.write(B.dy, dy);
    // dW = x^T dy (dy read in place: its rows are readable past N, the junk lands in padding columns)
    this.gemm([F, N, M, B.x, 1, F, B.dy, 8, N, W.dw, Np, 0, 0], { cols: 32 });
    k.columnSums(M, N, B.dy, N, W.db, 0);
    // dx = dy W^T
    let ldx = F;
    if (F < 8) {
      k.gemmDotNT(M, F, N, B.dy, N, W.kernel, N, B.dx, F, 0);
    } else {
      ldx = Fp;
      k.packB(W.kernel, N, N, F, 1, W.wtp);
      this.gemm([M, F, N, B.dy, N, 1, W.wtp, 8 * N, 8, B.dx, Fp, 0, 0], { rows: [N * 4, Fp * 4] });
    }
    const dx = new Float32Array(M * F);
    const f = this.heap.f32;
    if (ldx === F) dx.set(f.subarray(B.dx >> 2, (B.dx >> 2) + M * F));
    else
      for (let r = 0; r < M; r++) dx.set(f.subarray((B.dx >> 2) + r * ldx, (B.dx >> 2) + r * ldx + F), r * F);
    const dKernel = new Float32Array(F * N);
    for (let r = 0; r < F; r++)
      dKernel.set(f.subarray((W.dw >> 2) + r * Np, (W.dw >> 2) + r * Np + N), r * N);
    return { dx, dKernel, dBias: this.heap.read(W.db, N) };
  }
}
