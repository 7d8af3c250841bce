// Property tests explore the same inputs on every run so CI is repeatable; FC_SEED=random (or a number)
// explores others locally, and a failure prints the seed that reproduces it.
import fc from 'fast-check';

const chosen = process.env.FC_SEED;
const seed = chosen === 'random' ? Date.now() : Number(chosen ?? 20261127);
fc.configureGlobal({ seed });
