package dev.kerac.runtime.data;

import dev.kerac.runtime.init.Rng;

/**
 * Samples and targets as rows: {@code x[i]} is sample {@code i} flattened in row-major (Keras) order,
 * {@code y[i]} its target (a class id as {@code {id}}, a one-hot row, or regression values).
 *
 * <p>Slicing, splitting and shuffling share the row arrays and copy only the outer arrays, so they are
 * cheap; write to a row and every dataset holding it sees the change. Being a record over arrays,
 * {@code equals} compares array identity, not contents.
 *
 * <pre>{@code
 * Dataset[] fm = FashionMnist.embedded();                      // train, test
 * Dataset.Split s = fm[0].split(0.2);                          // Keras validation_split=0.2
 * Dataset epoch = s.train().shuffled(new Rng(42));
 * }</pre>
 *
 * @param x the samples, all rows of one length
 * @param y the targets, all rows of one length, as many as samples
 */
public record Dataset(float[][] x, float[][] y) {

  /**
   * @throws IllegalArgumentException on null arrays or rows, differing counts, or ragged rows
   */
  public Dataset {
    if (x == null || y == null) {
      throw new IllegalArgumentException("x and y must not be null, got x=" + (x == null ? "null" :
          "float[" + x.length + "][]") + ", y=" + (y == null ? "null" : "float[" + y.length + "][]"));
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "x and y must have as many rows, got " + x.length + " samples and " + y.length + " targets");
    }
    checkRows(x, "x");
    checkRows(y, "y");
  }

  private static void checkRows(float[][] a, String name) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null) {
        throw new IllegalArgumentException(name + "[" + i + "] is null");
      }
      if (a[i].length != a[0].length) {
        throw new IllegalArgumentException(name + " rows must all have length " + a[0].length
            + " (as " + name + "[0]), but " + name + "[" + i + "] has " + a[i].length);
      }
    }
  }

  /**
   * Pairs samples with integer class ids, stored as one-element target rows {@code {id}} (the form
   * sparse categorical crossentropy reads).
   */
  public static Dataset of(float[][] x, int[] labels) {
    if (labels == null) {
      throw new IllegalArgumentException("labels must not be null");
    }
    float[][] y = new float[labels.length][1];
    for (int i = 0; i < labels.length; i++) {
      y[i][0] = labels[i];
    }
    return new Dataset(x, y);
  }

  /** Number of samples. */
  public int size() {
    return x.length;
  }

  /** Length of a sample row (0 for an empty dataset). */
  public int features() {
    return x.length == 0 ? 0 : x[0].length;
  }

  /** Length of a target row (0 for an empty dataset). */
  public int targets() {
    return y.length == 0 ? 0 : y[0].length;
  }

  /**
   * Samples {@code [from, to)}, sharing rows.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from <= to <= size()}
   */
  public Dataset slice(int from, int to) {
    if (from < 0 || to < from || to > x.length) {
      throw new IllegalArgumentException(
          "slice [" + from + ", " + to + ") is outside [0, " + x.length + "]");
    }
    float[][] xs = new float[to - from][];
    float[][] ys = new float[to - from][];
    System.arraycopy(x, from, xs, 0, to - from);
    System.arraycopy(y, from, ys, 0, to - from);
    return new Dataset(xs, ys);
  }

  /**
   * The first {@code n} samples, or all of them if there are fewer.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public Dataset take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    return slice(0, Math.min(n, x.length));
  }

  /** A training part and a validation part, as {@link #split} returns. */
  public record Split(Dataset train, Dataset validation) {}

  /**
   * Splits off the <em>last</em> {@code validationFraction} of the samples, before any shuffling, as
   * Keras {@code fit(validation_split=v)} does: training is {@code [0, floor(N * (1 - v)))}, validation
   * the rest.
   *
   * @throws IllegalArgumentException unless {@code 0 < v < 1} and both parts are non-empty
   */
  public Split split(double validationFraction) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validation fraction must be in (0, 1), got " + validationFraction);
    }
    int at = (int) Math.floor(x.length * (1.0 - validationFraction));
    if (at == 0 || at == x.length) {
      throw new IllegalArgumentException(
          "validation fraction " + validationFraction + " of " + x.length + " samples leaves "
              + (at == 0 ? "no training" : "no validation")
              + " sample; use more samples or another fraction");
    }
    return new Split(slice(0, at), slice(at, x.length));
  }

  /** A random permutation of {@code 0 .. n-1} (Fisher-Yates on {@code rng}). */
  public static int[] permutation(int n, Rng rng) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    rng.shuffle(p, n);
    return p;
  }

  /**
   * The samples at {@code indices}, in that order (sharing rows; an index may repeat).
   *
   * @throws IllegalArgumentException if an index is outside {@code [0, size())}
   */
  public Dataset select(int[] indices) {
    float[][] xs = new float[indices.length][];
    float[][] ys = new float[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      int k = indices[i];
      if (k < 0 || k >= x.length) {
        throw new IllegalArgumentException(
            "indices[" + i + "] = " + k + " is outside [0, " + x.length + ")");
      }
      xs[i] = x[k];
      ys[i] = y[k];
    }
    return new Dataset(xs, ys);
  }

  /** The samples in a random order drawn from {@code rng}, x and y kept together. */
  public Dataset shuffled(Rng rng) {
    return select(permutation(x.length, rng));
  }
}
