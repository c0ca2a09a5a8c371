package dev.kerac.runtime.losses;

/**
 * A Keras loss with the default reduction {@code sum_over_batch_size}: per-position values reduced over
 * the last axis, weighted by sample weights, summed and divided by the number of positions (not by the
 * sum of weights). Rows are samples flattened in row-major order; {@code lastAxis} is the size of the
 * last axis of {@code yPred} (so a row holds {@code row.length / lastAxis} positions). Create losses
 * with {@link Losses}. Implementations allocate nothing per call.
 */
public interface Loss {

  /** The Keras name, e.g. {@code categorical_crossentropy}. */
  String name();

  /**
   * The mean loss of {@code batch} samples; when {@code grad} is not null also writes
   * {@code d loss / d yPred} into {@code grad[0..batch)}.
   *
   * @param yTrue targets: same layout as {@code yPred}, or class ids (one per position) for sparse losses
   * @param sampleWeight one weight per sample, or {@code null} for all ones
   */
  double compute(
      float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis, float[][] grad);

  /**
   * Whether this loss has a fused, numerically stable gradient with respect to the logits of the
   * given final activation ({@code softmax} for categorical crossentropies on probabilities,
   * {@code sigmoid} for binary crossentropy on probabilities).
   */
  default boolean fusesWith(String outputActivation) {
    return false;
  }

  /**
   * As {@link #compute}, for a loss that {@link #fusesWith} the model's final activation: the loss is
   * computed from the probabilities {@code yPred} exactly as {@link #compute} does, and {@code gradLogits}
   * receives {@code d loss / d logits} (e.g. {@code (p - y') * w / N} for softmax + crossentropy).
   */
  default double computeFused(
      float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis,
      float[][] gradLogits) {
    throw new IllegalStateException(name() + " has no fused gradient");
  }
}
