package dev.kerac.runtime.data;

/**
 * Label encoding and feature scaling for in-memory data.
 *
 * <pre>{@code
 * float[][] yTrain = Preprocessing.oneHot(train.y(), 10);      // Keras to_categorical
 * Preprocessing.Scaler s = Preprocessing.Scaler.standardize(train.x());
 * float[][] xTrain = s.apply(train.x());                      // fitted on training data only,
 * float[][] xTest = s.apply(test.x());                        // then applied to both
 * }</pre>
 */
public final class Preprocessing {
  private Preprocessing() {}

  /**
   * One-hot rows for integer class ids, as Keras {@code to_categorical}.
   *
   * @throws IllegalArgumentException if a label is outside {@code [0, classes)}
   */
  public static float[][] oneHot(int[] labels, int classes) {
    checkClasses(classes);
    float[][] out = new float[labels.length][classes];
    for (int i = 0; i < labels.length; i++) {
      int c = labels[i];
      if (c < 0 || c >= classes) {
        throw new IllegalArgumentException(
            "labels[" + i + "] = " + c + " is outside [0, " + classes + ")");
      }
      out[i][c] = 1f;
    }
    return out;
  }

  /**
   * One-hot rows for class ids stored as one-element rows {@code {id}} (the {@code y} of
   * {@link Dataset#of} and of the loaders).
   *
   * @throws IllegalArgumentException if a row does not hold exactly one whole number in
   *     {@code [0, classes)}
   */
  public static float[][] oneHot(float[][] ids, int classes) {
    return oneHot(classIds(ids), classes);
  }

  /**
   * The class ids of one-element rows {@code {id}}.
   *
   * @throws IllegalArgumentException if a row does not hold exactly one non-negative whole number
   */
  public static int[] classIds(float[][] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null || ids[i].length != 1) {
        throw new IllegalArgumentException("class ids must be rows of one value, but row " + i
            + " has " + (ids[i] == null ? "null" : ids[i].length + " values")
            + "; for one-hot rows use argmax");
      }
      float v = ids[i][0];
      if (!(v >= 0) || v != (int) v) {
        throw new IllegalArgumentException(
            "class id in row " + i + " must be a non-negative whole number, got " + v);
      }
      out[i] = (int) v;
    }
    return out;
  }

  private static void checkClasses(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
  }

  /**
   * A per-feature affine map {@code x' = (x - offset) / scale}, fitted on one array and applied to
   * others.
   */
  public static final class Scaler {
    private final float[] offset;
    private final float[] scale;

    private Scaler(float[] offset, float[] scale) {
      this.offset = offset;
      this.scale = scale;
    }

    /**
     * Maps each feature's minimum to 0 and maximum to 1. A constant feature is only shifted (its
     * range counts as 1), so it becomes 0.
     */
    public static Scaler minMax(float[][] x) {
      int n = width(x);
      float[] min = new float[n];
      float[] max = new float[n];
      System.arraycopy(x[0], 0, min, 0, n);
      System.arraycopy(x[0], 0, max, 0, n);
      for (float[] row : x) {
        checkRow(row, n);
        for (int j = 0; j < n; j++) {
          min[j] = Math.min(min[j], row[j]);
          max[j] = Math.max(max[j], row[j]);
        }
      }
      float[] scale = new float[n];
      for (int j = 0; j < n; j++) {
        float range = max[j] - min[j];
        scale[j] = range > 0 ? range : 1f;
      }
      return new Scaler(min, scale);
    }

    /**
     * Centres each feature on its mean and divides by its population standard deviation, as Keras
     * {@code Normalization} after {@code adapt}: {@code (x - mean) / max(sqrt(var), 1e-7)}.
     * Statistics accumulate in double.
     */
    public static Scaler standardize(float[][] x) {
      int n = width(x);
      double[] mean = new double[n];
      for (float[] row : x) {
        checkRow(row, n);
        for (int j = 0; j < n; j++) {
          mean[j] += row[j];
        }
      }
      for (int j = 0; j < n; j++) {
        mean[j] /= x.length;
      }
      // A second pass over centred values: no cancellation as with E[x^2] - E[x]^2.
      double[] var = new double[n];
      for (float[] row : x) {
        for (int j = 0; j < n; j++) {
          double d = row[j] - mean[j];
          var[j] += d * d;
        }
      }
      float[] offset = new float[n];
      float[] scale = new float[n];
      for (int j = 0; j < n; j++) {
        offset[j] = (float) mean[j];
        scale[j] = (float) Math.max(Math.sqrt(var[j] / x.length), 1e-7);
      }
      return new Scaler(offset, scale);
    }

    private static int width(float[][] x) {
      if (x == null || x.length == 0 || x[0] == null) {
        throw new IllegalArgumentException("need at least one sample row to fit a scaler");
      }
      return x[0].length;
    }

    private static void checkRow(float[] row, int n) {
      if (row == null || row.length != n) {
        throw new IllegalArgumentException("rows must all have " + n + " features, got "
            + (row == null ? "null" : row.length + ""));
      }
    }

    /** The fitted offsets (minimum or mean) per feature. */
    public float[] offset() {
      return offset.clone();
    }

    /** The fitted divisors (range or standard deviation) per feature. */
    public float[] scale() {
      return scale.clone();
    }

    /** A scaled copy of {@code x}. */
    public float[][] apply(float[][] x) {
      float[][] out = new float[x.length][];
      for (int i = 0; i < x.length; i++) {
        out[i] = x[i].clone();
      }
      applyInPlace(out);
      return out;
    }

    /** Scales {@code x} in place (rows shared with other datasets change too). */
    public void applyInPlace(float[][] x) {
      int n = offset.length;
      for (float[] row : x) {
        checkRow(row, n);
        for (int j = 0; j < n; j++) {
          row[j] = (row[j] - offset[j]) / scale[j];
        }
      }
    }
  }
}
