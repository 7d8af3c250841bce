/**
 * One member of a windowed forecaster's ensemble trained on windows drawn at random from its series: the loop both
 * the global forecaster and the single-series recipe run once per member.
 */
import * as tf from '@tensorflow/tfjs';
import { buildForecastModel } from './builder';
import type { GlobalForecastConfig } from './global/config';
import type { WindowShape } from './global/sampler';
import { WindowSampler } from './global/sampler';
import { deriveSeed } from './random';
import type { ModelSpec } from './spec';
import type { EpochSummary, LossFunction, TrainProgress, TrainResult } from './train';
import { createOptimizer, trainModel } from './train';

/** What one member needs besides the configuration: its spec, the window shape, the loss and the hooks. */
export interface MemberTraining {
  spec: ModelSpec;
  shape: WindowShape;
  loss: LossFunction;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  onEpoch?: (e: EpochSummary) => void;
}

/** Sets the kernel of the model's last (Dense) layer to zeros: its output is then its bias, zero at the start. */
function zeroOutputLayer(model: tf.LayersModel): void {
  const head = model.layers[model.layers.length - 1];
  const zeros = head.getWeights().map((w) => tf.zerosLike(w));
  head.setWeights(zeros);
  tf.dispose(zeros);
}

/**
 * Builds member `member` from `options.spec` (its head zeroed with config.zeroHead) and trains it on windows of
 * `series` (sampler seed derived from config.seed and the member; at most config.maxHistory origins per series),
 * the learning rate decayed by config.learningRateDecay after every epoch. Returns the model, or null when it
 * diverged (then already disposed), with how training went. The caller disposes the model.
 */
export async function trainEnsembleMember(
  series: readonly Float64Array[],
  config: GlobalForecastConfig,
  member: number,
  options: MemberTraining,
): Promise<{ model: tf.LayersModel | null; trained: TrainResult }> {
  const { spec, onEpoch } = options;
  const model = buildForecastModel(spec, { engine: config.engine });
  if (config.zeroHead) zeroOutputLayer(model);
  const sampler = new WindowSampler(series, options.shape, {
    windowsPerEpoch: config.windowsPerEpoch,
    seed: deriveSeed(config.seed, 100 + member),
    maxHistory: config.maxHistory,
  });
  const optimizer = createOptimizer({ name: config.optimizer, learningRate: config.learningRate });
  let trained: TrainResult;
  try {
    trained = await trainModel({
      model,
      loss: options.loss,
      train: sampler,
      optimizer,
      batchSize: config.batchSize,
      epochs: config.epochs,
      clipNorm: config.clipNorm,
      seed: spec.seed,
      signal: options.signal,
      onProgress: options.onProgress,
      onEpoch: (e) => {
        // tfjs optimizers read their (protected) learningRate at every update: decay it between epochs
        if (config.learningRateDecay !== 1) {
          const lr = config.learningRate * config.learningRateDecay ** (e.epoch + 1);
          (optimizer as unknown as { learningRate: number }).learningRate = lr;
        }
        onEpoch?.(e);
      },
    });
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
  if (trained.status === 'diverged') {
    model.dispose();
    return { model: null, trained };
  }
  return { model, trained };
}
