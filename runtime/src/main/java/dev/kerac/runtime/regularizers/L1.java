package dev.kerac.runtime.regularizers;

/**
 * Keras {@code L1} (default {@code l1=0.01}): penalty {@code l1 * sum|w|}, gradient
 * {@code l1 * sign(w)} (0 at 0).
 *
 * <pre>{@code
 * Regularizer r = Regularizers.l1(1e-4);
 * }</pre>
 *
 * @param l1 the factor, finite and {@code >= 0}
 */
public record L1(double l1) implements Regularizer {

  public L1 {
    Regularizers.checkFactor("l1", l1);
  }

  /** Keras default {@code l1=0.01}. */
  public L1() {
    this(0.01);
  }

  @Override
  public double penalty(float[][] w) {
    return l1 * Regularizers.sumAbs(w);
  }

  @Override
  public void addGradient(float[][] w, float[][] grad) {
    Regularizers.addL1(w, grad, (float) l1);
  }
}
