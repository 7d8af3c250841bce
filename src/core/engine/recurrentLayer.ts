/**
 * One recurrent layer (SimpleRNN, LSTM or GRU, tf.layers equations and weight layout) run by the kernels:
 * per pass and block of batch rows, one kernel call that does everything — forward: the input projection of
 * all steps as one matrix product, then the recurrence; backward: backpropagation through time, then one
 * product per weight gradient. Blocks are independent (own buffers, own partial weight gradients, added up
 * here), so worker threads can run them at once.
 *
 * Shapes (tf.layers): input x [B, T, F] (batch-major), kernel [F, G U], recurrentKernel [U, G U], bias [G U]
 * with G = 1 (SimpleRNN), 4 (LSTM, gates i f c o) or 3 (GRU, gates z r h; reset before the recurrent product).
 * Output [B, T, U] (full sequence) or [B, U] (last step). Inside a block, steps are time-major ([T][rows][...]).
 */
import { CELL_GATE_BLOCKS, type CellType } from '../model/cells';
import { CELL_CODE, D, DESCRIPTOR_FIELDS } from './descriptor';
import type { KernelHeap } from './heap';
import type { BlockScheduler, RecurrentKernels } from './kernelApi';

/** Recurrent cells. */

/** A layer's weights as float arrays in tf.layers layout: kernel [F, GU], recurrentKernel [U, GU], bias [GU] or null. */
export interface RecurrentWeights {
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array | null;
}

/** Gradients of a layer, tf.layers layout: dx [B, T, F], dKernel [F, GU], dRecurrentKernel [U, GU], dBias [GU]. */
export interface RecurrentGradients {
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
}

/** Smallest block worth giving its own thread, in batch rows. */
const MIN_BLOCK_ROWS = 16;

const roundUp8 = (v: number): number => Math.ceil(v / 8) * 8;

/** A scheduler that runs every block on the calling thread. */
export function serialScheduler(kernels: RecurrentKernels): BlockScheduler {
  return {
    threads: 1,
    parts: 1,
    run(kernel, descriptors) {
      for (const d of descriptors) kernels[kernel](d);
    },
  };
}

/**
 * Splits B rows into at most `parts` blocks of at least MIN_BLOCK_ROWS rows (so per-step products stay efficient):
 * equal blocks of a multiple of 4 rows (the products' row tile), the last one taking the rest.
 */
export function blockRows(B: number, parts: number): number[] {
  const n = Math.max(1, Math.min(parts, Math.floor(B / MIN_BLOCK_ROWS)));
  const each = Math.floor(B / n / 4) * 4;
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? each : B - each * (n - 1)));
}

interface Block {
  /** First batch row and rows of the block. */
  r0: number;
  rows: number;
  /** Descriptor (DESCRIPTOR_FIELDS i32 values). */
  desc: number;
  ptrs: number[];
}

interface Workspace {
  /** Batch rows, and the steps the buffers fit. */
  B: number;
  T: number;
  blocks: Block[];
  /** Batch-major staging of the input, the output, their gradients. */
  xb: number;
  out: number;
  dyb: number;
  dxb: number;
  ptrs: number[];
}

interface Weights {
  ptrs: number[];
  kernel: number;
  recurrent: number;
  wp: number;
  whp: number;
  rp: number;
  rhp: number;
  rtp: number;
  rhtp: number;
  wtp: number;
  whtp: number;
  bias: number;
  biasH: number;
}

/**
 * The kernels' side of one recurrent layer: packed weights and per-block workspaces that keep a forward pass's
 * activations for its backward pass. Call forward(), then backward() with its ticket while holds(ticket).
 */
export class RecurrentLayerKernels {
  readonly cell: CellType;
  readonly units: number;
  readonly inputDim: number;
  private readonly heap: KernelHeap;
  private readonly scheduler: BlockScheduler;
  private workspace: Workspace | null = null;
  private weights: Weights | null = null;
  /** The forward pass whose activations the workspace holds (0: none). */
  private held = 0;
  private heldShape: { B: number; T: number; returnSequences: boolean; blocks: Block[] } | null = null;
  private static tickets = 0;

  constructor(heap: KernelHeap, cell: CellType, units: number, inputDim: number, scheduler?: BlockScheduler) {
    this.heap = heap;
    this.cell = cell;
    this.units = units;
    this.inputDim = inputDim;
    this.scheduler = scheduler ?? serialScheduler(heap.instance.kernels);
  }

  /** Floats per row of the pre-activation buffers: [main part, GRU h part (0 otherwise)]. */
  private get widths(): [number, number] {
    const U = this.units;
    if (this.cell === 'gru') return [roundUp8(2 * U), roundUp8(U)];
    return [roundUp8(CELL_GATE_BLOCKS[this.cell] * U), 0];
  }

  private allocator(ptrs: number[]): (floats: number) => number {
    return (floats) => {
      if (floats <= 0) return 0;
      const p = this.heap.allocFloats(floats);
      ptrs.push(p);
      return p;
    };
  }

  /** The workspace for B rows and T steps (kept while big enough and split the same way). */
  private ensureWorkspace(B: number, T: number): Workspace {
    const current = this.workspace;
    if (current && current.B === B && current.T >= T) return current;
    this.releaseWorkspace();
    const parts = blockRows(B, this.scheduler.parts);
    const U = this.units;
    const F = this.inputDim;
    const [wz, wh] = this.widths;
    const Up = roundUp8(U);
    const ptrs: number[] = [];
    const alloc = this.allocator(ptrs);
    const lstm = this.cell === 'lstm';
    const gru = this.cell === 'gru';
    const workspace: Workspace = {
      B,
      T,
      blocks: [],
      xb: alloc(B * T * F),
      out: alloc(B * T * U),
      dyb: alloc(B * T * U),
      dxb: alloc(B * T * F),
      ptrs,
    };
    let r0 = 0;
    for (const rows of parts) {
      const own: number[] = [];
      const a = this.allocator(own);
      const TB = T * rows;
      const desc = a(DESCRIPTOR_FIELDS);
      const fields = new Int32Array(DESCRIPTOR_FIELDS);
      fields[D.X] = a(TB * F);
      fields[D.Z] = a(TB * wz);
      fields[D.ZH] = a(TB * wh);
      fields[D.H] = a((T + 1) * rows * U);
      fields[D.C] = lstm ? a((T + 1) * rows * U) : 0;
      fields[D.TC] = lstm ? a(TB * U) : 0;
      fields[D.RH] = gru ? a(TB * U) : 0;
      fields[D.DY] = a(TB * U);
      fields[D.DX] = a(TB * roundUp8(F));
      fields[D.DH] = a(rows * Up);
      fields[D.DC] = lstm ? a(rows * U) : 0;
      fields[D.DRHS] = gru ? a(rows * Up) : 0;
      fields[D.DR] = a(U * wz);
      fields[D.DW] = a(F * wz);
      fields[D.DB] = a(wz);
      fields[D.DRH] = a(U * wh);
      fields[D.DWH] = a(F * wh);
      fields[D.DBH] = a(wh);
      this.heap.writeInt32(desc, fields);
      workspace.blocks.push({ r0, rows, desc, ptrs: own });
      r0 += rows;
    }
    this.workspace = workspace;
    return workspace;
  }

  private releaseWorkspace(): void {
    const w = this.workspace;
    if (w) {
      for (const p of w.ptrs) this.heap.release(p);
      for (const b of w.blocks) for (const p of b.ptrs) this.heap.release(p);
    }
    this.workspace = null;
    this.held = 0;
    this.heldShape = null;
  }

  private ensureWeights(): Weights {
    if (this.weights) return this.weights;
    const U = this.units;
    const F = this.inputDim;
    const G = CELL_GATE_BLOCKS[this.cell];
    const [wz, wh] = this.widths;
    const gru = this.cell === 'gru';
    const nz = gru ? 2 * U : G * U;
    const ptrs: number[] = [];
    const a = this.allocator(ptrs);
    this.weights = {
      ptrs,
      kernel: a(F * G * U),
      recurrent: a(U * G * U),
      wp: a(F * wz),
      whp: a(F * wh),
      rp: a(U * wz),
      rhp: a(U * wh),
      rtp: a(nz * roundUp8(U)),
      rhtp: gru ? a(U * roundUp8(U)) : 0,
      wtp: F >= 8 ? a(nz * roundUp8(F)) : 0,
      whtp: F >= 8 && gru ? a(U * roundUp8(F)) : 0,
      bias: a(wz),
      biasH: a(wh),
    };
    return this.weights;
  }

  /** Frees everything this layer holds in kernel memory. */
  dispose(): void {
    this.releaseWorkspace();
    if (this.weights) for (const p of this.weights.ptrs) this.heap.release(p);
    this.weights = null;
  }

  /** Whether the workspace still holds the activations of forward pass `ticket`. */
  holds(ticket: number): boolean {
    return ticket !== 0 && this.held === ticket;
  }

  /** Copies the weights in and packs them (forward products, and the transposed packs of the backward pass). */
  private loadWeights(weights: RecurrentWeights): Weights {
    const P = this.ensureWeights();
    const k = this.heap.instance.kernels;
    const U = this.units;
    const F = this.inputDim;
    const GU = CELL_GATE_BLOCKS[this.cell] * U;
    const [wz, wh] = this.widths;
    if (weights.kernel.length !== F * GU || weights.recurrentKernel.length !== U * GU) {
      throw new Error(
        `recurrent kernels: weights of ${weights.kernel.length} / ${weights.recurrentKernel.length} values do not fit ${this.cell} ${F} -> ${U}`,
      );
    }
    this.heap.write(P.kernel, weights.kernel);
    this.heap.write(P.recurrent, weights.recurrentKernel);
    this.heap.zero(P.bias, wz);
    if (wh) this.heap.zero(P.biasH, wh);
    if (this.cell === 'gru') {
      if (weights.bias) {
        this.heap.write(P.bias, weights.bias.subarray(0, 2 * U));
        this.heap.write(P.biasH, weights.bias.subarray(2 * U, 3 * U));
      }
      k.packB(P.kernel, GU, F, 2 * U, 0, P.wp);
      k.packB(P.kernel + 8 * U, GU, F, U, 0, P.whp);
      k.packB(P.recurrent, GU, U, 2 * U, 0, P.rp);
      k.packB(P.recurrent + 8 * U, GU, U, U, 0, P.rhp);
      k.packB(P.recurrent, GU, 2 * U, U, 1, P.rtp);
      k.packB(P.recurrent + 8 * U, GU, U, U, 1, P.rhtp);
      if (F >= 8) {
        k.packB(P.kernel, GU, 2 * U, F, 1, P.wtp);
        k.packB(P.kernel + 8 * U, GU, U, F, 1, P.whtp);
      }
    } else {
      if (weights.bias) this.heap.write(P.bias, weights.bias);
      k.packB(P.kernel, GU, F, GU, 0, P.wp);
      k.packB(P.recurrent, GU, U, GU, 0, P.rp);
      k.packB(P.recurrent, GU, GU, U, 1, P.rtp);
      if (F >= 8) k.packB(P.kernel, GU, GU, F, 1, P.wtp);
    }
    return P;
  }

  /**
   * Forward pass on x [B, T, F] (batch-major floats). Returns the output ([B, T, U] with returnSequences, else
   * [B, U]) and a ticket for backward(); the workspace keeps this pass's activations until the next forward.
   */
  forward(
    x: Float32Array,
    B: number,
    T: number,
    weights: RecurrentWeights,
    returnSequences: boolean,
  ): { output: Float32Array; ticket: number } {
    const U = this.units;
    const F = this.inputDim;
    if (x.length !== B * T * F)
      throw new Error(`recurrent kernels: input of ${x.length} values is not [${B}, ${T}, ${F}]`);
    const P = this.loadWeights(weights);
    const W = this.ensureWorkspace(B, T);
    const [wz, wh] = this.widths;
    const blocks = W.blocks;
    const outRow = returnSequences ? T * U : U;
    const f = new Int32Array(DESCRIPTOR_FIELDS);
    for (const b of blocks) {
      const r0 = b.r0;
      this.heap.readInt32(b.desc, f);
      f[D.CELL] = CELL_CODE[this.cell];
      f[D.T] = T;
      f[D.B] = b.rows;
      f[D.F] = F;
      f[D.U] = U;
      f[D.LDZ] = wz;
      f[D.LDZH] = wh;
      f[D.FLAGS] = returnSequences ? 1 : 0;
      f[D.XB] = W.xb + r0 * T * F * 4;
      f[D.WP] = P.wp;
      f[D.WHP] = P.whp;
      f[D.BIAS] = P.bias;
      f[D.BIASH] = P.biasH;
      f[D.RP] = P.rp;
      f[D.RHP] = P.rhp;
      f[D.RTP] = P.rtp;
      f[D.RHTP] = P.rhtp;
      f[D.KERNEL] = P.kernel;
      f[D.WTP] = P.wtp;
      f[D.WHTP] = P.whtp;
      f[D.OUT] = W.out + r0 * outRow * 4;
      f[D.DYB] = W.dyb + r0 * outRow * 4;
      f[D.DXB] = W.dxb + r0 * T * F * 4;
      this.heap.writeInt32(b.desc, f);
    }
    this.heap.write(W.xb, x);
    this.scheduler.run(
      'layerForward',
      blocks.map((b) => b.desc),
    );
    this.held = ++RecurrentLayerKernels.tickets;
    this.heldShape = { B, T, returnSequences, blocks };
    return { output: this.heap.read(W.out, B * outRow), ticket: this.held };
  }

  /**
   * Backward pass for forward pass `ticket` (which must still be held: see holds()), given dy, the gradient of
   * the output ([B, T, U] or [B, U]), with the weights of that pass.
   */
  backward(ticket: number, dy: Float32Array): RecurrentGradients {
    const W = this.workspace;
    const shape = this.heldShape;
    if (!this.holds(ticket) || !shape || !W || !this.weights) {
      throw new Error('recurrent kernels: the forward pass to differentiate is no longer held');
    }
    const { B, T, returnSequences, blocks } = shape;
    const U = this.units;
    const F = this.inputDim;
    const GU = CELL_GATE_BLOCKS[this.cell] * U;
    const [wz, wh] = this.widths;
    const gru = this.cell === 'gru';
    const nz = gru ? 2 * U : GU;
    if (dy.length !== B * (returnSequences ? T * U : U))
      throw new Error('recurrent kernels: dy does not match the output');
    this.heap.write(W.dyb, dy);
    this.scheduler.run(
      'layerBackward',
      blocks.map((b) => b.desc),
    );
    const dx = this.heap.read(W.dxb, B * T * F);
    // add up the blocks' partial weight gradients (into the first block's), then into tf.layers' [rows, G U] layout
    const k = this.heap.instance.kernels;
    const fields = blocks.map((b) => {
      const f = new Int32Array(DESCRIPTOR_FIELDS);
      this.heap.readInt32(b.desc, f);
      return f;
    });
    const sizes: [number, number][] = [
      [D.DR, U * wz],
      [D.DW, F * wz],
      [D.DB, wz],
      [D.DRH, U * wh],
      [D.DWH, F * wh],
      [D.DBH, wh],
    ];
    for (let i = 1; i < fields.length; i++) {
      for (const [field, n] of sizes) if (n > 0) k.addInto(fields[0][field], fields[i][field], n);
    }
    const f = this.heap.f32;
    const gather = (rows: number, main: number, extra: number): Float32Array => {
      const out = new Float32Array(rows * GU);
      const src = fields[0][main] >> 2;
      const srcH = fields[0][extra] >> 2;
      for (let r = 0; r < rows; r++) {
        out.set(f.subarray(src + r * wz, src + r * wz + nz), r * GU);
        if (gru) out.set(f.subarray(srcH + r * wh, srcH + r * wh + U), r * GU + 2 * U);
      }
      return out;
    };
    return {
      dx,
      dKernel: gather(F, D.DW, D.DWH),
      dRecurrentKernel: gather(U, D.DR, D.DRH),
      dBias: gather(1, D.DB, D.DBH),
    };
  }
}
