package dev.kerac.runtime.init;

import java.util.Arrays;
import java.util.Locale;

/**
 * The Keras weight initializers, with Keras defaults. Random ones draw from the given {@link Rng} in
 * row-major order, so the same seed gives bit-identical weights (the Keras random streams themselves
 * cannot be reproduced in Java; the distributions are the contract).
 *
 * <pre>{@code
 * Parameter kernel = new Parameter("dense", "kernel", new int[] {784, 512}, true, null);
 * Initializers.glorotUniform().fill(kernel.value(), kernel.shape(), new Rng(42));
 * Initializer same = Initializers.byName("glorot_uniform");
 * }</pre>
 *
 * <p>Fans ({@link #fanIn}, {@link #fanOut}) as Keras {@code compute_fans}: rank 0: 1 and 1; rank 1:
 * {@code shape[0]} both; rank 2 {@code [a, b]}: {@code a}, {@code b}; rank &ge; 3: with the receptive
 * field {@code rf} = product of all but the last two dims, {@code shape[-2]*rf} and {@code shape[-1]*rf}.
 */
public final class Initializers {
  private Initializers() {}

  /**
   * The standard deviation of a standard normal truncated to [-2, 2]: VarianceScaling divides by it so
   * that the truncated values have the requested variance.
   */
  static final double TRUNCATED_STDDEV = 0.87962566103423978;

  // ---------------------------------------------------------------- constants

  /** All zeros (Keras {@code zeros}). */
  public static Initializer zeros() {
    return new Constant(0.0, "zeros");
  }

  /** All ones (Keras {@code ones}). */
  public static Initializer ones() {
    return new Constant(1.0, "ones");
  }

  /** Every element {@code value} (Keras {@code Constant}, default {@code value=0.0}). */
  public static Initializer constant(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("constant value must be finite, got " + value);
    }
    return new Constant(value, "constant");
  }

  // ---------------------------------------------------------------- plain distributions

  /** Keras {@code RandomNormal} with defaults {@code mean=0.0, stddev=0.05}. */
  public static Initializer randomNormal() {
    return randomNormal(0.0, 0.05);
  }

  /** N(mean, stddev^2). */
  public static Initializer randomNormal(double mean, double stddev) {
    checkFinite("mean", mean);
    checkNonNegative("stddev", stddev);
    return new Normal(mean, stddev, false);
  }

  /** Keras {@code RandomUniform} with defaults {@code minval=-0.05, maxval=0.05}. */
  public static Initializer randomUniform() {
    return randomUniform(-0.05, 0.05);
  }

  /** U[minval, maxval). */
  public static Initializer randomUniform(double minval, double maxval) {
    checkFinite("minval", minval);
    checkFinite("maxval", maxval);
    if (maxval < minval) {
      throw new IllegalArgumentException(
          "maxval must be >= minval, got minval=" + minval + ", maxval=" + maxval);
    }
    return new Uniform(minval, maxval);
  }

  /** Keras {@code TruncatedNormal} with defaults {@code mean=0.0, stddev=0.05}. */
  public static Initializer truncatedNormal() {
    return truncatedNormal(0.0, 0.05);
  }

  /**
   * N(mean, stddev^2) restricted to {@code mean ± 2*stddev} (values outside are re-drawn, not clipped).
   * As in Keras, {@code stddev} is that of the normal before truncation (the result's is about 0.88x).
   */
  public static Initializer truncatedNormal(double mean, double stddev) {
    checkFinite("mean", mean);
    checkNonNegative("stddev", stddev);
    return new Normal(mean, stddev, true);
  }

  // ---------------------------------------------------------------- variance scaling

  /** Keras {@code VarianceScaling} defaults: {@code scale=1.0, mode="fan_in", distribution="truncated_normal"}. */
  public static Initializer varianceScaling() {
    return varianceScaling(1.0, "fan_in", "truncated_normal");
  }

  /**
   * Keras {@code VarianceScaling}: with {@code n} = fan_in, fan_out or their mean (per {@code mode}) and
   * {@code s = scale / max(1, n)}, draws from a normal truncated at ±2 stddev with stddev
   * {@code sqrt(s)/0.8796...} (so the variance is {@code s}; {@code "normal"} means this too), from
   * N(0, s) ({@code "untruncated_normal"}), or from U(-sqrt(3s), sqrt(3s)) ({@code "uniform"}).
   *
   * @param mode {@code fan_in}, {@code fan_out} or {@code fan_avg}
   * @param distribution {@code truncated_normal}, {@code normal}, {@code untruncated_normal} or
   *     {@code uniform}
   */
  public static Initializer varianceScaling(double scale, String mode, String distribution) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("VarianceScaling scale must be a finite number > 0, got " + scale);
    }
    Mode m;
    switch (String.valueOf(mode)) {
      case "fan_in" -> m = Mode.FAN_IN;
      case "fan_out" -> m = Mode.FAN_OUT;
      case "fan_avg" -> m = Mode.FAN_AVG;
      default -> throw new IllegalArgumentException(
          "VarianceScaling mode must be fan_in, fan_out or fan_avg, got " + mode);
    }
    Distribution d;
    switch (String.valueOf(distribution)) {
      case "truncated_normal", "normal" -> d = Distribution.TRUNCATED_NORMAL;
      case "untruncated_normal" -> d = Distribution.UNTRUNCATED_NORMAL;
      case "uniform" -> d = Distribution.UNIFORM;
      default -> throw new IllegalArgumentException(
          "VarianceScaling distribution must be truncated_normal, normal, untruncated_normal or uniform, got "
              + distribution);
    }
    return new VarianceScaling(scale, m, d, null);
  }

  /** Keras {@code glorot_uniform}: U(-L, L), {@code L = sqrt(6 / (fan_in + fan_out))}. */
  public static Initializer glorotUniform() {
    return new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.UNIFORM, "glorot_uniform");
  }

  /** Keras {@code glorot_normal}: truncated normal with variance {@code 2 / (fan_in + fan_out)}. */
  public static Initializer glorotNormal() {
    return new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, "glorot_normal");
  }

  /** Keras {@code he_uniform}: U(-L, L), {@code L = sqrt(6 / fan_in)}. */
  public static Initializer heUniform() {
    return new VarianceScaling(2.0, Mode.FAN_IN, Distribution.UNIFORM, "he_uniform");
  }

  /** Keras {@code he_normal}: truncated normal with variance {@code 2 / fan_in}. */
  public static Initializer heNormal() {
    return new VarianceScaling(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, "he_normal");
  }

  /** Keras {@code lecun_uniform}: U(-L, L), {@code L = sqrt(3 / fan_in)}. */
  public static Initializer lecunUniform() {
    return new VarianceScaling(1.0, Mode.FAN_IN, Distribution.UNIFORM, "lecun_uniform");
  }

  /** Keras {@code lecun_normal}: truncated normal with variance {@code 1 / fan_in}. */
  public static Initializer lecunNormal() {
    return new VarianceScaling(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, "lecun_normal");
  }

  // ---------------------------------------------------------------- matrices

  /** Keras {@code Orthogonal} with default {@code gain=1.0}. */
  public static Initializer orthogonal() {
    return orthogonal(1.0);
  }

  /**
   * Keras {@code Orthogonal}: the shape is viewed as a matrix {@code rows = prod(shape[:-1])} by
   * {@code cols = shape[-1]}; the result has orthonormal columns if {@code rows >= cols}, else
   * orthonormal rows, times {@code gain}. It is the Q factor (with a positive diagonal R) of a matrix of
   * standard normals. Rank &ge; 2 only.
   */
  public static Initializer orthogonal(double gain) {
    checkFinite("gain", gain);
    return new Orthogonal(gain);
  }

  /** Keras {@code Identity} with default {@code gain=1.0}. */
  public static Initializer identity() {
    return identity(1.0);
  }

  /** {@code gain} on the main diagonal, 0 elsewhere (Keras {@code Identity}; rank 2, any rectangle). */
  public static Initializer identity(double gain) {
    checkFinite("gain", gain);
    return new Identity(gain);
  }

  // ---------------------------------------------------------------- by name

  /**
   * The initializer with Keras defaults for a Keras id or class name, e.g. {@code "glorot_uniform"},
   * {@code "GlorotUniform"}, {@code "he_normal"}, {@code "uniform"} (= {@code random_uniform}),
   * {@code "normal"} (= {@code random_normal}), {@code "zeros"}, {@code "orthogonal"}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Initializer byName(String kerasName) {
    String key = kerasName == null ? "" : kerasName.toLowerCase(Locale.ROOT).replace("_", "");
    return switch (key) {
      case "zeros", "zero" -> zeros();
      case "ones", "one" -> ones();
      case "constant" -> constant(0.0);
      case "randomnormal", "normal" -> randomNormal();
      case "randomuniform", "uniform" -> randomUniform();
      case "truncatednormal" -> truncatedNormal();
      case "variancescaling" -> varianceScaling();
      case "glorotuniform" -> glorotUniform();
      case "glorotnormal" -> glorotNormal();
      case "heuniform" -> heUniform();
      case "henormal" -> heNormal();
      case "lecununiform" -> lecunUniform();
      case "lecunnormal" -> lecunNormal();
      case "orthogonal", "orthogonalinitializer" -> orthogonal();
      case "identity", "identityinitializer" -> identity();
      default -> throw new IllegalArgumentException(
          "unknown initializer '" + kerasName + "'; expected a Keras name such as glorot_uniform, "
              + "he_normal, lecun_uniform, orthogonal, random_normal, random_uniform, truncated_normal, "
              + "variance_scaling, zeros, ones, constant or identity");
    };
  }

  // ---------------------------------------------------------------- fans

  /** Keras {@code fan_in} of a shape (see the class comment). */
  public static int fanIn(int[] shape) {
    switch (shape.length) {
      case 0:
        return 1;
      case 1:
        return shape[0];
      default:
        return shape[shape.length - 2] * receptiveField(shape);
    }
  }

  /** Keras {@code fan_out} of a shape (see the class comment). */
  public static int fanOut(int[] shape) {
    switch (shape.length) {
      case 0:
        return 1;
      case 1:
        return shape[0];
      default:
        return shape[shape.length - 1] * receptiveField(shape);
    }
  }

  private static int receptiveField(int[] shape) {
    int rf = 1;
    for (int k = 0; k < shape.length - 2; k++) {
      rf *= shape[k];
    }
    return rf;
  }

  // ---------------------------------------------------------------- implementations

  private static void checkFinite(String what, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " must be finite, got " + v);
    }
  }

  private static void checkNonNegative(String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + v);
    }
  }

  /** Checks that {@code rows} is laid out as {@code Parameter} lays out {@code shape}. */
  static void checkLayout(float[][] rows, int[] shape) {
    int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
    int size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    int expectedRows = cols == 0 ? 0 : size / cols;
    boolean ok = rows != null && rows.length == expectedRows;
    for (int r = 0; ok && r < rows.length; r++) {
      ok = rows[r] != null && rows[r].length == cols;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + expectedRows + " rows of " + cols
              + " values, got " + describe(rows));
    }
  }

  private static String describe(float[][] rows) {
    if (rows == null) {
      return "null";
    }
    if (rows.length == 0) {
      return "0 rows";
    }
    return rows.length + " rows, the first of " + (rows[0] == null ? "null" : rows[0].length) + " values";
  }

  /** A standard normal truncated to [-2, 2] by rejection. */
  static double truncatedGaussian(Rng rng) {
    double z;
    do {
      z = rng.nextGaussian();
    } while (z < -2 || z > 2);
    return z;
  }

  private record Constant(double value, String kerasName) implements Initializer {
    @Override
    public void fill(float[][] rows, int[] shape, Rng rng) {
      checkLayout(rows, shape);
      float v = (float) value;
      for (float[] row : rows) {
        Arrays.fill(row, v);
      }
    }

    @Override
    public String toString() {
      return kerasName.equals("constant") ? "Constant(value=" + value + ")" : kerasName;
    }
  }

  private record Normal(double mean, double stddev, boolean truncated) implements Initializer {
    @Override
    public void fill(float[][] rows, int[] shape, Rng rng) {
      checkLayout(rows, shape);
      for (float[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          double z = truncated ? truncatedGaussian(rng) : rng.nextGaussian();
          row[i] = (float) (mean + stddev * z);
        }
      }
    }

    @Override
    public String toString() {
      return (truncated ? "TruncatedNormal" : "RandomNormal") + "(mean=" + mean + ", stddev=" + stddev + ")";
    }
  }

  private record Uniform(double minval, double maxval) implements Initializer {
    @Override
    public void fill(float[][] rows, int[] shape, Rng rng) {
      checkLayout(rows, shape);
      fillUniform(rows, minval, maxval, rng);
    }

    @Override
    public String toString() {
      return "RandomUniform(minval=" + minval + ", maxval=" + maxval + ")";
    }
  }

  /** U[lo, hi) in float: a value that rounds up to {@code hi} is moved just below it. */
  static void fillUniform(float[][] rows, double lo, double hi, Rng rng) {
    float top = (float) hi;
    float below = Math.nextDown(top);
    for (float[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        float x = (float) (lo + (hi - lo) * rng.nextDouble());
        row[i] = x >= top && top > (float) lo ? below : x;
      }
    }
  }

  enum Mode {
    FAN_IN("fan_in"),
    FAN_OUT("fan_out"),
    FAN_AVG("fan_avg");

    final String keras;

    Mode(String keras) {
      this.keras = keras;
    }
  }

  enum Distribution {
    TRUNCATED_NORMAL("truncated_normal"),
    UNTRUNCATED_NORMAL("untruncated_normal"),
    UNIFORM("uniform");

    final String keras;

    Distribution(String keras) {
      this.keras = keras;
    }
  }

  private record VarianceScaling(double scale, Mode mode, Distribution distribution, String kerasName)
      implements Initializer {
    @Override
    public void fill(float[][] rows, int[] shape, Rng rng) {
      checkLayout(rows, shape);
      double fanIn = fanIn(shape);
      double fanOut = fanOut(shape);
      double n = switch (mode) {
        case FAN_IN -> fanIn;
        case FAN_OUT -> fanOut;
        case FAN_AVG -> (fanIn + fanOut) / 2;
      };
      double s = scale / Math.max(1.0, n);
      switch (distribution) {
        case UNIFORM -> {
          double limit = Math.sqrt(3 * s);
          fillUniform(rows, -limit, limit, rng);
        }
        case TRUNCATED_NORMAL -> {
          double stddev = Math.sqrt(s) / TRUNCATED_STDDEV;
          for (float[] row : rows) {
            for (int i = 0; i < row.length; i++) {
              row[i] = (float) (stddev * truncatedGaussian(rng));
            }
          }
        }
        case UNTRUNCATED_NORMAL -> {
          double stddev = Math.sqrt(s);
          for (float[] row : rows) {
            for (int i = 0; i < row.length; i++) {
              row[i] = (float) (stddev * rng.nextGaussian());
            }
          }
        }
      }
    }

    @Override
    public String toString() {
      return kerasName != null ? kerasName
          : "VarianceScaling(scale=" + scale + ", mode=" + mode.keras + ", distribution="
              + distribution.keras + ")";
    }
  }

  private record Orthogonal(double gain) implements Initializer {
    @Override
    public void fill(float[][] rows, int[] shape, Rng rng) {
      checkLayout(rows, shape);
      if (shape.length < 2) {
        throw new IllegalArgumentException(
            "orthogonal needs a shape of rank >= 2, got " + Arrays.toString(shape));
      }
      int nr = rows.length;
      int nc = shape[shape.length - 1];
      if (nr == 0 || nc == 0) {
        return;
      }
      int n = Math.max(nr, nc);
      int k = Math.min(nr, nc);
      // A (n x k) of standard normals, drawn row-major, held as k columns.
      double[][] col = new double[k][n];
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < k; b++) {
          col[b][a] = rng.nextGaussian();
        }
      }
      // Modified Gram-Schmidt, twice for stability: Q of A = QR with diag(R) > 0, as Keras's
      // QR followed by multiplying Q's columns by sign(diag(R)).
      for (int b = 0; b < k; b++) {
        double[] q = col[b];
        for (int pass = 0; pass < 2; pass++) {
          for (int c = 0; c < b; c++) {
            double[] p = col[c];
            double dot = dot(p, q, n);
            for (int a = 0; a < n; a++) {
              q[a] -= dot * p[a];
            }
          }
        }
        double norm = Math.sqrt(dot(q, q, n));
        for (int a = 0; a < n; a++) {
          q[a] /= norm;
        }
      }
      // Q is n x k; the result is Q (rows >= cols) or Q^T (rows < cols).
      for (int r = 0; r < nr; r++) {
        float[] row = rows[r];
        for (int c = 0; c < nc; c++) {
          row[c] = (float) (gain * (nr >= nc ? col[c][r] : col[r][c]));
        }
      }
    }

    /** A dot product with four accumulators (a single one keeps the loop serial). */
    private static double dot(double[] x, double[] y, int n) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int a = 0;
      for (; a + 3 < n; a += 4) {
        s0 += x[a] * y[a];
        s1 += x[a + 1] * y[a + 1];
        s2 += x[a + 2] * y[a + 2];
        s3 += x[a + 3] * y[a + 3];
      }
      for (; a < n; a++) {
        s0 += x[a] * y[a];
      }
      return (s0 + s1) + (s2 + s3);
    }

    @Override
    public String toString() {
      return "Orthogonal(gain=" + gain + ")";
    }
  }

  private record Identity(double gain) implements Initializer {
    @Override
    public void fill(float[][] rows, int[] shape, Rng rng) {
      checkLayout(rows, shape);
      if (shape.length != 2) {
        throw new IllegalArgumentException(
            "identity needs a shape of rank 2, got " + Arrays.toString(shape));
      }
      float g = (float) gain;
      for (int r = 0; r < rows.length; r++) {
        Arrays.fill(rows[r], 0f);
        if (r < rows[r].length) {
          rows[r][r] = g;
        }
      }
    }

    @Override
    public String toString() {
      return "Identity(gain=" + gain + ")";
    }
  }
}
