/**
 * The kernels' calling convention, shared by the WebAssembly build (kernels/assembly/kernels.ts) and the plain
 * TypeScript fallback (tsKernels.ts). Every pointer is a byte offset into the kernels' memory; matrices are
 * row-major float32; sizes are in floats. See kernels/assembly/kernels.ts for the exact contract of each function.
 */

/** The functions both kernel implementations export (all arguments are integers; flags are 0 / 1). */
export interface RecurrentKernels {
  /** First byte free for the host: the kernels keep their constants below it. */
  heapBase(): number;
  /** Packs B (k x n, or src^T when transposed) into panels of 8 columns: ceil(n / 8) * k * 8 floats. */
  packB(src: number, ld: number, k: number, n: number, transposed: number, dst: number): void;
  /**
   * C (m x n, stride ldc) = init + A B. A element (i, p) at a + 4 (i ars + p acs); B element (p, j) at
   * b + 4 ((j >> 3) bps + p bks + (j & 7)). mode 0: C = AB, 1: C += AB, 2: C = bias + AB. Writes
   * ceil(n / 8) * 8 columns.
   */
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    ars: number,
    acs: number,
    b: number,
    bps: number,
    bks: number,
    c: number,
    ldc: number,
    mode: number,
    bias: number,
  ): void;
  /** C (m x n) = (C if accumulate) + A (m x k, stride lda) B^T with B n x k (stride ldb). */
  gemmDotNT(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void;
  /** dst[j] = (dst[j] if accumulate) + sum over m rows of src (stride ld), j < n. */
  columnSums(m: number, n: number, src: number, ld: number, dst: number, accumulate: number): void;
  /** [d0][d1][w] (row stride srcLd) -> [d1][d0][w] (row stride dstLd). */
  swapAxes(src: number, d0: number, d1: number, w: number, srcLd: number, dst: number, dstLd: number): void;
  /** dst[i] += src[i] for n floats. */
  addInto(dst: number, src: number, n: number): void;
  /** Copies rows x w floats between row strides. */
  copyRows(src: number, srcLd: number, rows: number, w: number, dst: number, dstLd: number): void;
  rnnForward(
    T: number,
    B: number,
    U: number,
    z: number,
    ldz: number,
    rp: number,
    h: number,
    r0: number,
    r1: number,
    skipFirst: number,
  ): void;
  rnnBackward(
    T: number,
    B: number,
    U: number,
    z: number,
    ldz: number,
    rtp: number,
    h: number,
    dy: number,
    perStep: number,
    dh: number,
    ldh: number,
    r0: number,
    r1: number,
  ): void;
  lstmForward(
    T: number,
    B: number,
    U: number,
    z: number,
    ldz: number,
    rp: number,
    h: number,
    c: number,
    tc: number,
    r0: number,
    r1: number,
    skipFirst: number,
  ): void;
  lstmBackward(
    T: number,
    B: number,
    U: number,
    z: number,
    ldz: number,
    rtp: number,
    c: number,
    tc: number,
    dy: number,
    perStep: number,
    dh: number,
    ldh: number,
    dc: number,
    r0: number,
    r1: number,
  ): void;
  gruForward(
    T: number,
    B: number,
    U: number,
    zzr: number,
    ldzr: number,
    zh: number,
    ldzh: number,
    rzp: number,
    rhp: number,
    h: number,
    rh: number,
    r0: number,
    r1: number,
    skipFirst: number,
  ): void;
  gruBackward(
    T: number,
    B: number,
    U: number,
    zzr: number,
    ldzr: number,
    zh: number,
    ldzh: number,
    rzt: number,
    rht: number,
    h: number,
    rh: number,
    dy: number,
    perStep: number,
    dh: number,
    ldh: number,
    drh: number,
    r0: number,
    r1: number,
  ): void;
  /** Forward pass of one block of a layer described by the i32 table at d (descriptor.ts). */
  layerForward(d: number): void;
  /** Backward pass of one block after its layerForward (partial weight gradients, input gradient). */
  layerBackward(d: number): void;
  /** gemm with its 13 arguments read from the i32 table at d. */
  gemmTask(d: number): void;
  /** One token per row through a whole network described by the i32 table at d (descriptor.ts N, L). */
  stepNetwork(d: number): void;
  /** Row losses -sum(y log softmax(x)) of m rows of n (x, y stride n) into loss; log softmax into lsm. */
  softmaxCrossEntropy(m: number, n: number, x: number, y: number, lsm: number, loss: number): void;
  /** dx = g (softmax - y) and, unless dyl is 0, dyl = -dx (tfjs's labels gradient), with row weights g (m floats). */
  softmaxCrossEntropyGrad(
    m: number,
    n: number,
    y: number,
    lsm: number,
    g: number,
    dx: number,
    dyl: number,
  ): void;
  /** dst[i] = sigmoid(src[i]), i < n. */
  sigmoidArray(src: number, dst: number, n: number): void;
  /** dst[i] = tanh(src[i]), i < n. */
  tanhArray(src: number, dst: number, n: number): void;
}

/** A growable linear memory: a WebAssembly.Memory, or the fallback's imitation of one. */
export interface KernelMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Adds `pages` pages of 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
}

/** Which implementation runs the kernels: WebAssembly SIMD (with fused multiply-add where relaxed SIMD is on), or TypeScript. */
export type KernelKind = 'wasm-relaxed-simd' | 'wasm-simd' | 'typescript';

/** A kernel implementation bound to its memory. */
export interface KernelInstance {
  readonly kind: KernelKind;
  readonly kernels: RecurrentKernels;
  readonly memory: KernelMemory;
}

/** The kernels that process a whole block of a layer (the unit of work of a thread). */
export type BlockKernel = 'layerForward' | 'layerBackward' | 'gemmTask';

/** Runs block kernels, on the calling thread or spread over worker threads sharing the kernels' memory. */
export interface BlockScheduler {
  /** Threads that run blocks at once (1: the calling thread only). */
  readonly threads: number;
  /**
   * Blocks to cut a batch into: more than the threads, so a thread that the system pauses holds back little work
   * (the others take what is left).
   */
  readonly parts: number;
  /** Runs `kernel` on every descriptor (one block each) and returns when all are done. */
  run(kernel: BlockKernel, descriptors: readonly number[]): void;
}

/** Bytes per WebAssembly page. */
export const PAGE_BYTES = 65536;
