/** The shape shared by the series transforms. */

/**
 * A transform fitted to one series (positions 0..n-1). `state` is plain JSON, enough to rebuild the
 * transform; forward and inverse round-trip (up to floating-point rounding).
 */
export interface FittedTransform<S> {
  readonly state: S;
  /** The fitted series (positions 0..n-1) to the transformed scale. */
  forward(values: readonly number[]): number[];
  /** The transformed fitted series back to the original scale: the inverse of forward. */
  inverse(transformed: readonly number[]): number[];
  /** Values for the h steps after the fitted series (positions n..n+h-1), back to the original scale. */
  inverseForecast(forecast: readonly number[]): number[];
}
