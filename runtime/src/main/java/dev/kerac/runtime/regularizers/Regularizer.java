package dev.kerac.runtime.regularizers;

/**
 * A penalty on a weight tensor added to the loss (Keras {@code kernel_regularizer} and friends).
 * Weights are given as rows (see {@code Parameter}).
 */
public interface Regularizer {

  /** The penalty of {@code w}, e.g. {@code l2 * sum(w^2)} for L2. */
  double penalty(float[][] w);

  /** Adds {@code d penalty / d w} to {@code grad}. */
  void addGradient(float[][] w, float[][] grad);
}
