package dev.kerac.runtime.activations;

/**
 * The identity and the rectifier family: linear, relu (with its three options), relu6, leaky_relu, elu,
 * selu, celu, threshold. Float arithmetic, except the exponentials (double {@code expm1}).
 *
 * <p>Derivatives at kinks (JAX conventions): relu'(0) = 0 and 0 at every kink of relu's options,
 * except leaky_relu (and relu with only {@code negative_slope}), whose derivative at 0 is 1; relu6 has
 * 0 at both 0 and 6; elu/selu take the lower branch at 0 ({@code alpha}, {@code scale*alpha});
 * threshold has 0 at the threshold.
 */
final class Rectifiers {
  private Rectifiers() {}

  /** {@code linear}: {@code y = x}. */
  static final class Linear extends BaseActivation {
    Linear() {
      super("linear");
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      System.arraycopy(z, 0, y, 0, n);
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      System.arraycopy(dy, 0, dz, 0, n);
    }
  }

  /** {@code relu} with its defaults: {@code max(x, 0)}. */
  static final class Relu extends BaseActivation {
    Relu(String name, String description) {
      super(name, description);
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = Math.max(z[i], 0f);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        dz[i] = z[i] > 0f ? dy[i] : 0f;
      }
    }
  }

  /** {@code relu6}: {@code min(max(x, 0), 6)}. */
  static final class Relu6 extends BaseActivation {
    Relu6(String name, String description) {
      super(name, description);
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      for (int i = 0; i < n; i++) {
        y[i] = Math.min(Math.max(z[i], 0f), 6f);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      for (int i = 0; i < n; i++) {
        float x = z[i];
        dz[i] = x > 0f && x < 6f ? dy[i] : 0f;
      }
    }
  }

  /** {@code leaky_relu}: {@code x} if {@code x >= 0} else {@code slope * x}. */
  static final class LeakyRelu extends BaseActivation {
    private final float slope;

    LeakyRelu(String name, String description, float slope) {
      super(name, description);
      this.slope = slope;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      float s = slope;
      for (int i = 0; i < n; i++) {
        // Branch-free, equal to the where-form for every input; lets C2 vectorize.
        float x = z[i];
        y[i] = Math.max(x, 0f) + s * Math.min(x, 0f);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      float s = slope;
      for (int i = 0; i < n; i++) {
        dz[i] = z[i] >= 0f ? dy[i] : s * dy[i];
      }
    }
  }

  /**
   * {@code relu(x, negative_slope, max_value, threshold)} in Keras' evaluation order:
   * {@code p = x > t ? x : 0}; {@code p = clip(p, 0, max_value)} if set; {@code y = p - slope*max(t - x, 0)}.
   */
  static final class GeneralRelu extends BaseActivation {
    private final float slope;
    private final float threshold;
    private final boolean hasMax;
    private final float max;

    GeneralRelu(String description, float slope, float maxValue, float threshold) {
      super("relu", description);
      this.slope = slope;
      this.threshold = threshold;
      this.hasMax = !Float.isNaN(maxValue);
      this.max = maxValue;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      float t = threshold;
      float s = slope;
      float m = hasMax ? max : Float.POSITIVE_INFINITY;
      // Without max_value only threshold < 0 lets p go negative; clip's lower bound must not apply then.
      float lo = hasMax ? 0f : Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        float p = x > t ? x : 0f;
        p = Math.min(Math.max(p, lo), m);
        y[i] = p - s * Math.max(t - x, 0f);
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      float t = threshold;
      float s = slope;
      float m = hasMax ? max : Float.POSITIVE_INFINITY;
      float lo = hasMax ? 0f : Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        float g = x > t && x > lo && x < m ? 1f : 0f;
        if (x < t) {
          g += s;
        }
        dz[i] = g * dy[i];
      }
    }
  }

  /** {@code elu} ({@code scale = 1}) and {@code selu}: {@code scale * (x > 0 ? x : alpha*(e^x - 1))}. */
  static final class Elu extends BaseActivation {
    private final float scale;
    private final double scaleAlpha;

    Elu(String name, String description, double alpha, double scale) {
      super(name, description);
      this.scale = (float) scale;
      this.scaleAlpha = scale * alpha;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      float s = scale;
      double sa = scaleAlpha;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        y[i] = x > 0f ? s * x : (float) (sa * Math.expm1(x));
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      float s = scale;
      double sa = scaleAlpha;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        // exp(x) rather than y + alpha: no cancellation for very negative x.
        dz[i] = x > 0f ? s * dy[i] : (float) (dy[i] * sa * Math.exp(x));
      }
    }
  }

  /** {@code celu}: {@code max(x, 0) + alpha*(exp(min(x, 0)/alpha) - 1)}. */
  static final class Celu extends BaseActivation {
    private final double alpha;

    Celu(String description, float alpha) {
      super("celu", description);
      this.alpha = alpha;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      double a = alpha;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        y[i] = x > 0f ? x : (float) (a * Math.expm1(x / a));
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      double a = alpha;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        dz[i] = x > 0f ? dy[i] : (float) (dy[i] * Math.exp(x / a));
      }
    }
  }

  /** {@code threshold}: {@code x} if {@code x > threshold} else {@code default_value}. */
  static final class Threshold extends BaseActivation {
    private final float threshold;
    private final float defaultValue;

    Threshold(String description, float threshold, float defaultValue) {
      super("threshold", description);
      this.threshold = threshold;
      this.defaultValue = defaultValue;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      float t = threshold;
      float d = defaultValue;
      for (int i = 0; i < n; i++) {
        float x = z[i];
        y[i] = x > t ? x : d;
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      float t = threshold;
      for (int i = 0; i < n; i++) {
        dz[i] = z[i] > t ? dy[i] : 0f;
      }
    }
  }
}
