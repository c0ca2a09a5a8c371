package dev.kerac.annotations;

/**
 * The Keras {@code padding} argument of convolution and pooling layers.
 *
 * <pre>{@code
 * @MaxPooling2D(poolSize = 2, padding = Padding.SAME) Layer pool;
 * }</pre>
 */
public enum Padding {
  /** No padding: windows stay inside the input; output {@code floor((n - k) / s) + 1}. */
  VALID,
  /** Pads so that the output is {@code ceil(n / s)}; the extra cell goes after (bottom/right). */
  SAME,
  /** Pads {@code k - 1} cells before the sequence only (Conv1D): step t sees no later steps. */
  CAUSAL
}
