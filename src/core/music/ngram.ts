import { MusicError } from './errors';
import { argmax } from './sampling';

/** Padding symbol before the first token of a sequence; never predicted. */
const BOS = -1;

interface ContextCounts {
  /** Sum of counts over following tokens. */
  total: number;
  /** Count per following token (raw counts at the top order, continuation counts below). */
  readonly next: Map<number, number>;
}

/** Options of {@link trainNGram}. */
export interface NGramOptions {
  /** Tokens of the vocabulary; every token is 0..vocabSize-1. */
  readonly vocabSize: number;
  /** N: the model conditions on the previous N-1 tokens; 1-5, default 3. */
  readonly order?: number;
  /** Absolute discount D of Kneser-Ney, in (0, 1]; default 0.75. */
  readonly discount?: number;
}

/** An interpolated Kneser-Ney n-gram model over tokens; build it with {@link trainNGram}. */
export interface NGramModel {
  readonly order: number;
  readonly vocabSize: number;
  readonly discount: number;
  /** tables[k-1] holds the order-k statistics keyed by the k-1 previous tokens. */
  readonly tables: readonly ReadonlyMap<string, ContextCounts>[];
}

/** Held-out evaluation of a next-token model. */
export interface NGramEvaluation {
  /** Predictions scored: every token of every sequence. */
  readonly tokens: number;
  /** Sum of ln P(token | context), nats. */
  readonly logProb: number;
  /** logProb / tokens. */
  readonly meanLogProb: number;
  /** exp(-meanLogProb). */
  readonly perplexity: number;
  /** Share of tokens equal to the model's most likely next token. */
  readonly accuracy: number;
}

const keyOf = (history: readonly (number | string)[]): string => history.join(',');

function padded(sequence: readonly number[], order: number): number[] {
  return [...new Array<number>(order - 1).fill(BOS), ...sequence];
}

/**
 * Trains an interpolated Kneser-Ney n-gram model: each sequence is padded with N-1 start symbols; the top order
 * uses raw counts, lower orders continuation counts (how many distinct tokens precede), and order 0 is uniform,
 * so every token keeps a non-zero probability.
 */
export function trainNGram(sequences: readonly (readonly number[])[], options: NGramOptions): NGramModel {
  const order = options.order ?? 3;
  const discount = options.discount ?? 0.75;
  const { vocabSize } = options;
  if (!Number.isInteger(order) || order < 1 || order > 5) {
    throw new MusicError(
      'invalid-option',
      `The n-gram order must be a whole number from 1 to 5 (got ${order}).`,
    );
  }
  if (!(discount > 0 && discount <= 1)) {
    throw new MusicError('invalid-option', `The Kneser-Ney discount must be in (0, 1] (got ${discount}).`);
  }
  const tables = Array.from({ length: order }, () => new Map<string, ContextCounts>());
  const add = (table: Map<string, ContextCounts>, history: string, token: number): void => {
    let counts = table.get(history);
    if (!counts) {
      counts = { total: 0, next: new Map() };
      table.set(history, counts);
    }
    counts.total += 1;
    counts.next.set(token, (counts.next.get(token) ?? 0) + 1);
  };
  for (const sequence of sequences) {
    const tokens = padded(sequence, order);
    for (let i = order - 1; i < tokens.length; i += 1) {
      const token = tokens[i];
      if (!Number.isInteger(token) || token < 0 || token >= vocabSize) {
        throw new RangeError(`token ${token} is outside the vocabulary of ${vocabSize}`);
      }
      add(tables[order - 1], keyOf(tokens.slice(i - order + 1, i)), token);
    }
  }
  // Continuation counts: each distinct (x, history, token) of order k+1 counts once for (history, token) of order k.
  for (let k = order - 1; k >= 1; k -= 1) {
    for (const [history, counts] of tables[k]) {
      const shorter = history === '' ? [] : history.split(',').slice(1);
      for (const token of counts.next.keys()) add(tables[k - 1], keyOf(shorter), token);
    }
  }
  return { order, vocabSize, discount, tables };
}

/**
 * P(next token | context) for every token of the vocabulary (sums to 1). Only the last N-1 tokens of `context`
 * matter; a shorter context is padded with start symbols, as at the start of a training sequence.
 */
export function ngramDistribution(model: NGramModel, context: readonly number[]): Float64Array {
  const history = padded(context, model.order);
  const D = model.discount;
  let probabilities = new Float64Array(model.vocabSize).fill(1 / model.vocabSize);
  for (let k = 1; k <= model.order; k += 1) {
    const counts = model.tables[k - 1].get(keyOf(history.slice(history.length - (k - 1))));
    if (!counts || counts.total === 0) continue;
    const backoff = (D * counts.next.size) / counts.total;
    const next = new Float64Array(model.vocabSize);
    for (let token = 0; token < model.vocabSize; token += 1) {
      next[token] = backoff * probabilities[token];
    }
    for (const [token, count] of counts.next) next[token] += Math.max(count - D, 0) / counts.total;
    probabilities = next;
  }
  return probabilities;
}

/** Scores sequences token by token (each from its own start): log-likelihood, perplexity and argmax accuracy. */
export function evaluateNGram(model: NGramModel, sequences: readonly (readonly number[])[]): NGramEvaluation {
  let tokens = 0;
  let logProb = 0;
  let correct = 0;
  for (const sequence of sequences) {
    for (let i = 0; i < sequence.length; i += 1) {
      const distribution = ngramDistribution(model, sequence.slice(Math.max(0, i - model.order + 1), i));
      logProb += Math.log(distribution[sequence[i]]);
      if (argmax(distribution) === sequence[i]) correct += 1;
      tokens += 1;
    }
  }
  if (tokens === 0) throw new RangeError('nothing to evaluate: the sequences are empty');
  return {
    tokens,
    logProb,
    meanLogProb: logProb / tokens,
    perplexity: Math.exp(-logProb / tokens),
    accuracy: correct / tokens,
  };
}
