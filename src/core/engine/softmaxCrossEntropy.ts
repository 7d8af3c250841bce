/**
 * Softmax cross-entropy on the kernels, as tf.losses.softmaxCrossEntropy computes it with its defaults (no weights,
 * no label smoothing): the mean over every row (all leading axes) of -sum(labels * logSoftmax(logits)), with the
 * same gradients with respect to the logits and the labels. One pass forward, one pass backward, instead of a dozen
 * tensor ops over [rows, classes].
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelHeap } from './heap';
import { engineHeap } from './labEngine';

interface Workspace {
  rows: number;
  classes: number;
  ptrs: number[];
  labels: number;
  logSoftmax: number;
  loss: number;
  weights: number;
  dLogits: number;
  dLabels: number;
  held: number;
}

const workspaces = new WeakMap<KernelHeap, Workspace>();
let tickets = 0;

function workspace(heap: KernelHeap, rows: number, classes: number): Workspace {
  const current = workspaces.get(heap);
  if (current && current.rows === rows && current.classes === classes) return current;
  if (current) for (const p of current.ptrs) heap.release(p);
  const ptrs: number[] = [];
  const a = (floats: number) => {
    const p = heap.allocFloats(Math.max(1, floats));
    ptrs.push(p);
    return p;
  };
  const n = rows * classes;
  const w: Workspace = {
    rows,
    classes,
    ptrs,
    labels: a(n),
    logSoftmax: a(n),
    loss: a(rows),
    weights: a(rows),
    dLogits: a(n),
    dLabels: a(n),
    held: 0,
  };
  workspaces.set(heap, w);
  return w;
}

/** Frees the kernel memory the loss keeps between a forward and a backward pass. */
export function releaseSoftmaxCrossEntropy(): void {
  const heap = engineHeap();
  const current = workspaces.get(heap);
  if (current) for (const p of current.ptrs) heap.release(p);
  workspaces.delete(heap);
}

/**
 * Mean softmax cross-entropy (a scalar) of `logits` [..., classes] against `labels` of the same shape (one-hot or
 * probabilities), differentiable with respect to both. Matches tf.losses.softmaxCrossEntropy(labels, logits).
 */
export function fusedSoftmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  const classes = logits.shape[logits.rank - 1];
  const rows = logits.size / classes;
  const floats = (t: tf.Tensor): Float32Array => {
    const data = t.dataSync();
    return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  };
  const run = (y: tf.Tensor, x: tf.Tensor): { loss: number; ticket: number } => {
    const heap = engineHeap();
    const w = workspace(heap, rows, classes);
    heap.write(w.labels, floats(y));
    heap.write(w.dLogits, floats(x)); // the logits, staged in the gradient buffer until the backward pass
    heap.instance.kernels.softmaxCrossEntropy(rows, classes, w.dLogits, w.labels, w.logSoftmax, w.loss);
    const losses = heap.f32.subarray(w.loss >> 2, (w.loss >> 2) + rows);
    let total = 0;
    for (let i = 0; i < rows; i++) total += losses[i];
    w.held = ++tickets;
    return { loss: total / rows, ticket: w.held };
  };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [y, x, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const { loss, ticket } = run(y, x);
    save([y, x]);
    return {
      value: tf.scalar(loss, 'float32'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const heap = engineHeap();
        let w = workspaces.get(heap);
        if (!w || w.held !== ticket) {
          run(saved[0], saved[1]);
          w = workspace(heap, rows, classes);
        }
        const g = dy.dataSync()[0] / rows;
        heap.f32.fill(g, w.weights >> 2, (w.weights >> 2) + rows);
        heap.instance.kernels.softmaxCrossEntropyGrad(
          rows,
          classes,
          w.labels,
          w.logSoftmax,
          w.weights,
          w.dLogits,
          w.dLabels,
        );
        w.held = 0;
        return [
          tf.tensor(heap.read(w.dLabels, rows * classes), labels.shape, 'float32'),
          tf.tensor(heap.read(w.dLogits, rows * classes), logits.shape, 'float32'),
        ];
      },
    };
  });
  return op(labels, logits) as tf.Scalar;
}
