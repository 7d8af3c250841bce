/**
 * The control array shared by the calling thread and the kernel threads (kernels/threadProgram.ts): a job
 * (kernel, descriptors) that every thread takes blocks from through a shared claim counter, so a thread the system
 * pauses holds back only the block it is running. Indices are Int32Array slots of one SharedArrayBuffer.
 */

/** The posted job: (job number << 8) | its block count. */
export const POSTED = 0;
/** Kernel id of the posted job (KERNEL_IDS); -1 tells every thread to exit. */
export const KERNEL = 1;
/** Next block to claim, tagged with its job: (job number << 8) | block. */
export const NEXT = 3;
/** Blocks finished. */
export const DONE = 4;
/** Set to 1 when a block threw. */
export const FAILED = 5;
/** First of the job's block descriptors (one pointer per block). */
export const DESCRIPTORS = 8;
/** Largest number of blocks in one job. */
export const MAX_BLOCKS = 56;
/** Int32 slots of the control array. */
export const CONTROL_SLOTS = DESCRIPTORS + MAX_BLOCKS;
/**
 * Milliseconds a thread spins for new work before it sleeps: a training step runs tfjs ops for a millisecond or two
 * between a layer's forward and backward calls, and waking a sleeping thread costs tens of microseconds or more.
 */
export const SPIN_MS = 2;

/** Kernel ids as the threads index their exports: 0 layerForward, 1 layerBackward, 2 gemmTask. */
export const KERNEL_IDS = { layerForward: 0, layerBackward: 1, gemmTask: 2 } as const;
