package dev.kerac.runtime.regularizers;

/**
 * Keras {@code L2} (default {@code l2=0.01}): penalty {@code l2 * sum(w^2)} (no 1/2 factor), gradient
 * {@code 2 * l2 * w}.
 *
 * <pre>{@code
 * Regularizer r = Regularizers.l2(1e-4);
 * }</pre>
 *
 * @param l2 the factor, finite and {@code >= 0}
 */
public record L2(double l2) implements Regularizer {

  public L2 {
    Regularizers.checkFactor("l2", l2);
  }

  /** Keras default {@code l2=0.01}. */
  public L2() {
    this(0.01);
  }

  @Override
  public double penalty(float[][] w) {
    return l2 * Regularizers.sumSquares(w);
  }

  @Override
  public void addGradient(float[][] w, float[][] grad) {
    Regularizers.addL2(w, grad, (float) (2 * l2));
  }
}
