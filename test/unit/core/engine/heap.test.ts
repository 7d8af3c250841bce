import { describe, expect, it } from 'vitest';
import { KernelHeap } from '../../../../src/core/engine/heap';
import { createTsKernels } from '../../../../src/core/engine/tsKernels';
import { createKernelMemory, instantiateWasmKernels } from '../../../../src/core/engine/wasmKernels';

describe('kernel heap', () => {
  it('hands out aligned, disjoint blocks above the kernels static data and reuses freed ones', () => {
    const heap = new KernelHeap(instantiateWasmKernels(createKernelMemory(1, false)));
    const base = heap.instance.kernels.heapBase();
    const a = heap.alloc(100);
    const b = heap.alloc(1000);
    const c = heap.alloc(10);
    expect(a).toBeGreaterThanOrEqual(base);
    for (const p of [a, b, c]) expect(p % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 100);
    expect(c).toBeGreaterThanOrEqual(b + 1000);
    heap.release(b);
    expect(heap.alloc(500)).toBe(b); // first fit in the freed block
    heap.release(a);
    heap.release(c);
    expect(() => heap.release(c)).toThrow('not an allocated block');
  });

  it('grows its memory, keeps data across growth, and coalesces free blocks', () => {
    const heap = new KernelHeap(createTsKernels(1));
    const a = heap.allocFloats(4);
    heap.write(a, [1, 2, 3, 4]);
    const big = heap.allocFloats(200_000);
    expect(heap.stats.memoryBytes).toBeGreaterThanOrEqual(800_000);
    expect(Array.from(heap.read(a, 4))).toEqual([1, 2, 3, 4]);
    const b = heap.allocFloats(10);
    heap.release(a);
    heap.release(big);
    heap.release(b);
    expect(heap.stats.usedBytes).toBe(0);
    expect(heap.allocFloats(200_010)).toBe(a); // the three blocks merged back into one
  });

  it('says what to change when the model needs more memory than WebAssembly allows', () => {
    const heap = new KernelHeap(instantiateWasmKernels(createKernelMemory(1, false, 16)));
    const kept = heap.alloc(100);
    expect(() => heap.alloc(2 << 20)).toThrow(
      /out of memory: .* use fewer units, a shorter lookback or a smaller batch/,
    );
    expect(heap.alloc(100)).toBeGreaterThan(kept); // still usable afterwards
  });
});
