/** The engines a model's recurrent layers can run on (kept free of imports so settings forms can use it). */

/** 'lab': the lab's fused kernels (WebAssembly SIMD, TypeScript fallback); 'tfjs': stock tf.layers. */
export const ENGINE_NAMES = ['lab', 'tfjs'] as const;

/** The lab's engine or stock tf.layers. */
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Display names of the engines. */
export const ENGINE_LABELS: Readonly<Record<EngineName, string>> = {
  lab: 'Lab (fused)',
  tfjs: 'tfjs layers',
};
