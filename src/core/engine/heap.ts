/**
 * Memory management for the kernels: a first-fit allocator over the kernels' linear memory (which only grows),
 * and float views of it that are renewed whenever the memory grows.
 */
import type { KernelInstance } from './kernelApi';
import { PAGE_BYTES } from './kernelApi';

/** Alignment of every block, in bytes (a cache line). */
const ALIGN = 64;
/** Bytes kept free after every block: products write whole 8-float panels and may read a little past a row. */
const SLACK = 64;

const roundUp = (v: number, to: number): number => Math.ceil(v / to) * to;

/** Kernel memory with an allocator. Pointers are byte offsets; 0 is never handed out. */
export class KernelHeap {
  readonly instance: KernelInstance;
  /** Free blocks, sorted by start. */
  private free: { start: number; size: number }[] = [];
  private readonly sizes = new Map<number, number>();
  /** End of the region handed out so far. */
  private top = ALIGN;
  private view: Float32Array;
  private used = 0;
  private peak = 0;

  constructor(instance: KernelInstance) {
    this.instance = instance;
    this.top = roundUp(Math.max(ALIGN, instance.kernels.heapBase()), ALIGN);
    this.view = new Float32Array(instance.memory.buffer);
  }

  /** A float view of the whole memory (valid until the next allocation that grows it). */
  get f32(): Float32Array {
    const buffer = this.instance.memory.buffer;
    if (this.view.buffer !== buffer || this.view.byteLength !== buffer.byteLength)
      this.view = new Float32Array(buffer);
    return this.view;
  }

  /** Bytes currently allocated, and the most ever allocated at once. */
  get stats(): { usedBytes: number; peakBytes: number; memoryBytes: number } {
    return {
      usedBytes: this.used,
      peakBytes: this.peak,
      memoryBytes: this.instance.memory.buffer.byteLength,
    };
  }

  /** Allocates `floats` float32 values (uninitialised); returns the byte offset. */
  allocFloats(floats: number): number {
    return this.alloc(floats * 4);
  }

  /** Allocates `bytes` bytes (uninitialised, 64-byte aligned); returns the byte offset. */
  alloc(bytes: number): number {
    const size = roundUp(Math.max(bytes, 1) + SLACK, ALIGN);
    let ptr = -1;
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i];
      if (block.size >= size) {
        ptr = block.start;
        if (block.size === size) this.free.splice(i, 1);
        else {
          block.start += size;
          block.size -= size;
        }
        break;
      }
    }
    if (ptr < 0) {
      ptr = this.top;
      this.top += size;
      const have = this.instance.memory.buffer.byteLength;
      if (this.top > have) {
        const pages = Math.ceil((this.top - have) / PAGE_BYTES);
        try {
          this.instance.memory.grow(Math.max(pages, Math.ceil(have / PAGE_BYTES / 4)));
        } catch {
          try {
            this.instance.memory.grow(pages);
          } catch {
            this.top = ptr;
            const mb = Math.ceil((ptr + size) / 2 ** 20);
            throw new Error(
              `out of memory: the model needs more than ${mb} MB of kernel memory; use fewer units, a shorter lookback or a smaller batch`,
            );
          }
        }
      }
    }
    this.sizes.set(ptr, size);
    this.used += size;
    this.peak = Math.max(this.peak, this.used);
    return ptr;
  }

  /** Returns a block to the allocator (0 is ignored). */
  release(ptr: number): void {
    if (ptr === 0) return;
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`kernel heap: ${ptr} is not an allocated block`);
    this.sizes.delete(ptr);
    this.used -= size;
    if (ptr + size === this.top) {
      this.top = ptr;
      // the block below may now touch the top as well
      const last = this.free[this.free.length - 1];
      if (last && last.start + last.size === this.top) {
        this.top = last.start;
        this.free.pop();
      }
      return;
    }
    let i = 0;
    while (i < this.free.length && this.free[i].start < ptr) i++;
    this.free.splice(i, 0, { start: ptr, size });
    const next = this.free[i + 1];
    if (next && ptr + size === next.start) {
      this.free[i].size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.start + prev.size === ptr) {
      prev.size += this.free[i].size;
      this.free.splice(i, 1);
    }
  }

  /** Copies `values` into memory at byte offset `ptr`. */
  write(ptr: number, values: ArrayLike<number>): void {
    this.f32.set(values, ptr >> 2);
  }

  /** Writes int32 values at byte offset `ptr` (descriptor tables). */
  writeInt32(ptr: number, values: Int32Array): void {
    new Int32Array(this.instance.memory.buffer, ptr, values.length).set(values);
  }

  /** Reads `into.length` int32 values at byte offset `ptr` into `into`. */
  readInt32(ptr: number, into: Int32Array): void {
    into.set(new Int32Array(this.instance.memory.buffer, ptr, into.length));
  }

  /** Sets `floats` values at `ptr` to zero. */
  zero(ptr: number, floats: number): void {
    this.f32.fill(0, ptr >> 2, (ptr >> 2) + floats);
  }

  /** A copy of `floats` values at `ptr`. */
  read(ptr: number, floats: number): Float32Array {
    return this.f32.slice(ptr >> 2, (ptr >> 2) + floats);
  }
}
