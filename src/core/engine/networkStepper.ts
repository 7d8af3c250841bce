/**
 * Step-by-step inference of a token model (one-hot -> bias-free Dense embedding -> stacked SimpleRNN / LSTM / GRU ->
 * Dense logits) for sampling: one kernel call per token runs the whole network, with the recurrent state kept in the
 * kernels' memory and no tensor made per step. The embedding is folded into the first layer's input projection
 * (a table of vocab rows), so feeding a token costs one row copy before the recurrent products.
 */
import { CELL_GATE_BLOCKS, type CellType } from '../model/cells';
import { CELL_CODE, L, N } from './descriptor';
import type { KernelHeap } from './heap';

/** One recurrent layer in tf.layers layout: kernel [F, G U], recurrentKernel [U, G U], bias [G U] or null. */
export interface StepperLayer {
  cell: CellType;
  units: number;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array | null;
}

/** A token model's weights: embedding [vocab, E], layers, logits kernel [U of the last layer, vocab] and bias [vocab]. */
export interface StepperNetwork {
  embedding: Float32Array;
  embeddingSize: number;
  vocab: number;
  layers: StepperLayer[];
  logitsKernel: Float32Array;
  logitsBias: Float32Array | null;
}

const roundUp8 = (v: number): number => Math.ceil(v / 8) * 8;

/** Samples `rows` sequences side by side with a token model on the kernels (see the module comment). */
export class RecurrentNetworkStepper {
  readonly rows: number;
  readonly vocab: number;
  /** Logits of the last step, [rows, vocab] row-major (the same array after every step). */
  readonly logits: Float32Array;
  private readonly heap: KernelHeap;
  private readonly ptrs: number[] = [];
  private readonly desc: number;
  private readonly tokens: number;
  private readonly logitsPtr: number;
  private readonly ldl: number;
  private readonly states: { ptr: number; floats: number }[] = [];
  private disposed = false;

  constructor(heap: KernelHeap, net: StepperNetwork, rows: number) {
    if (net.layers.length === 0) throw new Error('network stepper: the network has no recurrent layer');
    this.heap = heap;
    this.rows = rows;
    this.vocab = net.vocab;
    this.logits = new Float32Array(rows * net.vocab);
    const k = heap.instance.kernels;
    const alloc = (floats: number): number => {
      const p = heap.allocFloats(Math.max(floats, 1));
      this.ptrs.push(p);
      return p;
    };
    const put = (values: Float32Array): number => {
      const p = alloc(values.length);
      heap.write(p, values);
      return p;
    };
    /** A bias padded with zeros to `width` floats (from `offset` in `bias`, `count` values). */
    const paddedBias = (bias: Float32Array | null, offset: number, count: number, width: number): number => {
      const p = alloc(width);
      heap.zero(p, width);
      if (bias) heap.write(p, bias.subarray(offset, offset + count));
      return p;
    };
    const V = net.vocab;
    const fields = new Int32Array(N.LAYER0 + net.layers.length * N.STRIDE);
    this.desc = alloc(fields.length);
    this.tokens = alloc(rows);
    this.ldl = roundUp8(V);
    this.logitsPtr = alloc(rows * this.ldl);
    fields[N.LAYERS] = net.layers.length;
    fields[N.ROWS] = rows;
    fields[N.VOCAB] = V;
    fields[N.TOKENS] = this.tokens;
    fields[N.LOGITS] = this.logitsPtr;
    fields[N.LDL] = this.ldl;
    let F = net.embeddingSize;
    net.layers.forEach((layer, l) => {
      const U = layer.units;
      const GU = CELL_GATE_BLOCKS[layer.cell] * U;
      const gru = layer.cell === 'gru';
      const nz = gru ? 2 * U : GU;
      const ldz = roundUp8(nz);
      const ldzh = gru ? roundUp8(U) : 0;
      if (layer.kernel.length !== F * GU || layer.recurrentKernel.length !== U * GU) {
        throw new Error(`network stepper: layer ${l + 1} weights do not fit ${layer.cell} ${F} -> ${U}`);
      }
      const o = N.LAYER0 + l * N.STRIDE;
      fields[o + L.CELL] = CELL_CODE[layer.cell];
      fields[o + L.U] = U;
      fields[o + L.F] = F;
      fields[o + L.LDZ] = ldz;
      fields[o + L.LDZH] = ldzh;
      const kernel = put(layer.kernel);
      const recurrent = put(layer.recurrentKernel);
      const wp = alloc(F * ldz);
      k.packB(kernel, GU, F, nz, 0, wp);
      const bias = paddedBias(layer.bias, 0, nz, ldz);
      let whp = 0;
      let biasH = 0;
      if (gru) {
        whp = alloc(F * ldzh);
        k.packB(kernel + 8 * U, GU, F, U, 0, whp);
        biasH = paddedBias(layer.bias, 2 * U, U, ldzh);
      }
      if (l === 0) {
        // the first layer's input projection of every token: embedding W + b, one row per token
        const embedding = put(net.embedding);
        const table = alloc(V * ldz);
        k.gemm(V, nz, F, embedding, F, 1, wp, 8 * F, 8, table, ldz, 2, bias);
        fields[o + L.TABLE] = table;
        if (gru) {
          const tableH = alloc(V * ldzh);
          k.gemm(V, U, F, embedding, F, 1, whp, 8 * F, 8, tableH, ldzh, 2, biasH);
          fields[o + L.TABLEH] = tableH;
        }
      } else {
        fields[o + L.WP] = wp;
        fields[o + L.WHP] = whp;
        fields[o + L.BIAS] = bias;
        fields[o + L.BIASH] = biasH;
      }
      const rp = alloc(U * ldz);
      k.packB(recurrent, GU, U, nz, 0, rp);
      fields[o + L.RP] = rp;
      if (gru) {
        const rhp = alloc(U * ldzh);
        k.packB(recurrent + 8 * U, GU, U, U, 0, rhp);
        fields[o + L.RHP] = rhp;
      }
      fields[o + L.Z] = alloc(rows * ldz);
      fields[o + L.ZH] = gru ? alloc(rows * ldzh) : 0;
      fields[o + L.H] = alloc(2 * rows * U);
      this.states.push({ ptr: fields[o + L.H], floats: 2 * rows * U });
      if (layer.cell === 'lstm') {
        fields[o + L.C] = alloc(2 * rows * U);
        this.states.push({ ptr: fields[o + L.C], floats: 2 * rows * U });
        fields[o + L.TC] = alloc(rows * U);
      }
      fields[o + L.RH] = gru ? alloc(rows * U) : 0;
      F = U;
    });
    if (net.logitsKernel.length !== F * V) throw new Error('network stepper: the logits kernel does not fit');
    const lk = put(net.logitsKernel);
    const lp = alloc(F * this.ldl);
    k.packB(lk, V, F, V, 0, lp);
    fields[N.LP] = lp;
    fields[N.LBIAS] = paddedBias(net.logitsBias, 0, V, this.ldl);
    heap.writeInt32(this.desc, fields);
    this.reset();
  }

  /** Sets every recurrent state back to zero. */
  reset(): void {
    for (const s of this.states) this.heap.zero(s.ptr, s.floats);
  }

  /** Feeds one token per row (out-of-vocabulary tokens read as token 0) and returns `logits` for the next one. */
  step(tokens: ArrayLike<number>): Float32Array {
    if (this.disposed) throw new Error('network stepper: disposed');
    if (tokens.length !== this.rows)
      throw new Error(`network stepper: ${tokens.length} tokens for ${this.rows} rows`);
    const i32 = new Int32Array(this.heap.instance.memory.buffer, this.tokens, this.rows);
    for (let r = 0; r < this.rows; r++) i32[r] = tokens[r];
    this.heap.instance.kernels.stepNetwork(this.desc);
    const f = this.heap.f32;
    const V = this.vocab;
    for (let r = 0; r < this.rows; r++) {
      const from = (this.logitsPtr >> 2) + r * this.ldl;
      this.logits.set(f.subarray(from, from + V), r * V);
    }
    return this.logits;
  }

  /** Frees the stepper's kernel memory. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.ptrs) this.heap.release(p);
  }
}
