package dev.kerac.runtime.regularizers;

/**
 * Keras {@code L1L2} (defaults {@code l1=0.0, l2=0.0}): penalty {@code l1 * sum|w| + l2 * sum(w^2)},
 * gradient {@code l1 * sign(w) + 2 * l2 * w}.
 *
 * <pre>{@code
 * Regularizer r = Regularizers.l1l2(1e-5, 1e-4);
 * }</pre>
 *
 * @param l1 the L1 factor, finite and {@code >= 0}
 * @param l2 the L2 factor, finite and {@code >= 0}
 */
public record L1L2(double l1, double l2) implements Regularizer {

  public L1L2 {
    Regularizers.checkFactor("l1", l1);
    Regularizers.checkFactor("l2", l2);
  }

  /** Keras defaults (no penalty). */
  public L1L2() {
    this(0.0, 0.0);
  }

  @Override
  public double penalty(float[][] w) {
    double p = 0;
    if (l1 != 0) {
      p += l1 * Regularizers.sumAbs(w);
    }
    if (l2 != 0) {
      p += l2 * Regularizers.sumSquares(w);
    }
    return p;
  }

  @Override
  public void addGradient(float[][] w, float[][] grad) {
    if (l1 != 0) {
      Regularizers.addL1(w, grad, (float) l1);
    }
    if (l2 != 0) {
      Regularizers.addL2(w, grad, (float) (2 * l2));
    }
  }
}
