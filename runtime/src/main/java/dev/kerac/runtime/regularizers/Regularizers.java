package dev.kerac.runtime.regularizers;

import java.util.Locale;

/**
 * Creates the Keras weight regularizers.
 *
 * <pre>{@code
 * Regularizer r = Regularizers.l2(1e-4);             // 1e-4 * sum(w^2)
 * Regularizer s = Regularizers.byName("l1");         // Keras default l1=0.01
 * double penalty = r.penalty(param.value());
 * r.addGradient(param.value(), param.grad());
 * }</pre>
 */
public final class Regularizers {
  private Regularizers() {}

  /** {@code l1 * sum|w|}. */
  public static Regularizer l1(double l1) {
    return new L1(l1);
  }

  /** {@code l2 * sum(w^2)} (no 1/2 factor, as Keras). */
  public static Regularizer l2(double l2) {
    return new L2(l2);
  }

  /** {@code l1 * sum|w| + l2 * sum(w^2)}. */
  public static Regularizer l1l2(double l1, double l2) {
    return new L1L2(l1, l2);
  }

  /**
   * A regularizer with Keras defaults from its Keras id or class name: {@code l1}/{@code L1}
   * (0.01), {@code l2}/{@code L2} (0.01), {@code l1l2}/{@code l1_l2}/{@code L1L2} (both 0).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Regularizer byName(String name) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT).replace("_", "");
    switch (key) {
      case "l1":
        return new L1();
      case "l2":
        return new L2();
      case "l1l2":
        return new L1L2();
      default:
        throw new IllegalArgumentException(
            "unknown regularizer '" + name + "'; expected l1, l2 or l1l2");
    }
  }

  static void checkFactor(String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + v);
    }
  }

  static double sumAbs(float[][] w) {
    double s = 0;
    for (int r = 0; r < w.length; r++) {
      float[] row = w[r];
      for (int i = 0; i < row.length; i++) {
        s += Math.abs(row[i]);
      }
    }
    return s;
  }

  static double sumSquares(float[][] w) {
    double s = 0;
    for (int r = 0; r < w.length; r++) {
      float[] row = w[r];
      for (int i = 0; i < row.length; i++) {
        double x = row[i];
        s += x * x;
      }
    }
    return s;
  }

  static void addL1(float[][] w, float[][] grad, float l1) {
    for (int r = 0; r < w.length; r++) {
      float[] wr = w[r];
      float[] gr = grad[r];
      for (int i = 0; i < wr.length; i++) {
        gr[i] += l1 * Math.signum(wr[i]);
      }
    }
  }

  static void addL2(float[][] w, float[][] grad, float twoL2) {
    for (int r = 0; r < w.length; r++) {
      float[] wr = w[r];
      float[] gr = grad[r];
      for (int i = 0; i < wr.length; i++) {
        gr[i] += twoL2 * wr[i];
      }
    }
  }
}
