package dev.kerac.runtime.losses;

/**
 * The {@code sum_over_batch_size} reduction shared by every built-in loss: per-row values, weighted by
 * the sample weight of the row, summed and divided by the number of positions ({@code batch} times
 * positions per row), never by the sum of weights. Subclasses supply the value of one row.
 *
 * <p>Instances hold only their configuration, so one instance may be shared by any number of models
 * and threads.
 */
abstract class BaseLoss implements Loss {

  /** Keras' fuzz factor {@code backend.epsilon()}, as the float32 value the backends compute with. */
  static final double EPS = 1e-7f;

  /** The upper crossentropy clip bound, {@code float32(1 - 1e-7)} = 0.99999988. */
  static final double ONE_MINUS_EPS = 1f - 1e-7f;

  static final double LN2 = Math.log(2.0);

  private final String name;

  BaseLoss(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  /** Whether {@code yTrue} rows hold one class id per position instead of the layout of {@code yPred}. */
  boolean sparseLabels() {
    return false;
  }

  /** A value computed once per batch before the rows (hinge: whether every label is 0 or 1). */
  int batchMode(float[][] yTrue, int batch) {
    return 0;
  }

  /**
   * The unweighted loss of one row: the sum over its positions of the per-position values. When
   * {@code g} is not null, writes {@code d value / d p} times {@code scale} into it.
   */
  abstract double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale);

  /** As {@link #row}, but the gradient is with respect to the logits of the fused activation. */
  double fusedRow(float[] y, float[] p, int positions, int lastAxis, float[] g, double scale) {
    throw new IllegalStateException(name + " has no fused gradient");
  }

  @Override
  public final double compute(
      float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis, float[][] grad) {
    return reduce(yTrue, yPred, sampleWeight, batch, lastAxis, grad, false);
  }

  @Override
  public final double computeFused(
      float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis,
      float[][] gradLogits) {
    if (!fusesWith("softmax") && !fusesWith("sigmoid")) {
      throw new IllegalStateException(name + " has no fused gradient (see fusesWith)");
    }
    return reduce(yTrue, yPred, sampleWeight, batch, lastAxis, gradLogits, true);
  }

  private double reduce(
      float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis, float[][] grad,
      boolean fused) {
    checkBatch(yTrue, yPred, sampleWeight, batch, lastAxis, grad);
    if (batch == 0) {
      return 0.0; // divide_no_nan: an empty batch has loss 0
    }
    int len = yPred[0].length;
    int positions = len / lastAxis;
    double n = (double) batch * positions;
    int mode = fused ? 0 : batchMode(yTrue, batch);
    double total = 0.0;
    for (int r = 0; r < batch; r++) {
      checkRow(yTrue, yPred, grad, r, len, positions);
      double w = sampleWeight == null ? 1.0 : sampleWeight[r];
      float[] g = grad == null ? null : grad[r];
      double v = fused
          ? fusedRow(yTrue[r], yPred[r], positions, lastAxis, g, w / n)
          : row(yTrue[r], yPred[r], positions, lastAxis, mode, g, w / n);
      total += w * v;
    }
    return total / n;
  }

  private void checkBatch(
      float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis, float[][] grad) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(name + ": yTrue and yPred must not be null");
    }
    if (batch < 0 || batch > yPred.length || batch > yTrue.length) {
      throw new IllegalArgumentException(name + ": batch must be in [0, " + Math.min(yPred.length, yTrue.length)
          + "] (rows of yPred/yTrue), got " + batch);
    }
    if (lastAxis < 1) {
      throw new IllegalArgumentException(name + ": lastAxis must be positive, got " + lastAxis);
    }
    if (sampleWeight != null && sampleWeight.length < batch) {
      throw new IllegalArgumentException(name + ": expected one sample weight per row (" + batch
          + "), got " + sampleWeight.length);
    }
    if (grad != null && grad.length < batch) {
      throw new IllegalArgumentException(name + ": expected at least " + batch + " gradient rows, got "
          + grad.length);
    }
    if (batch > 0) {
      int len = yPred[0].length;
      if (len < lastAxis || len % lastAxis != 0) {
        throw new IllegalArgumentException(name + ": a yPred row must hold whole positions of lastAxis="
            + lastAxis + " values, got a row of " + len);
      }
    }
  }

  private void checkRow(float[][] yTrue, float[][] yPred, float[][] grad, int r, int len, int positions) {
    if (yPred[r].length != len) {
      throw new IllegalArgumentException(name + ": yPred row " + r + " has " + yPred[r].length
          + " values, expected " + len + " like row 0");
    }
    int expected = sparseLabels() ? positions : len;
    if (yTrue[r].length != expected) {
      throw new IllegalArgumentException(name + ": yTrue row " + r + " has " + yTrue[r].length
          + " values, expected " + expected
          + (sparseLabels() ? " (one class id per position)" : " (same layout as yPred)"));
    }
    if (grad != null && grad[r].length != len) {
      throw new IllegalArgumentException(name + ": gradient row " + r + " has " + grad[r].length
          + " values, expected " + len);
    }
  }

  /** {@code log(1 + e^x)} without overflow. */
  static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** Whether a clip to {@code [lo, hi]} passes {@code v} (and so its gradient) through. */
  static boolean inside(double v, double lo, double hi) {
    return v >= lo && v <= hi;
  }

  static double clip(double v, double lo, double hi) {
    return v < lo ? lo : (v > hi ? hi : v);
  }

  @Override
  public String toString() {
    return name;
  }
}
