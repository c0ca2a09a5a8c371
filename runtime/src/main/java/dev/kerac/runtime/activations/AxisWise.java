package dev.kerac.runtime.activations;

/**
 * softmax, log_softmax and glu over consecutive groups of {@code axisSize} elements. Sums are
 * accumulated in double. Stateless, so one instance may be shared.
 */
final class AxisWise {
  private AxisWise() {}

  private static float max(float[] z, int off, int len) {
    float m = z[off];
    for (int i = 1; i < len; i++) {
      m = Math.max(m, z[off + i]);
    }
    return m;
  }

  /** {@code softmax}: {@code exp(x - max) / sum(exp(x - max))} per group. */
  static final class Softmax extends AxisActivation {
    Softmax(int axisSize) {
      super("softmax", axisSize);
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      checkCount(n);
      int a = axisSize;
      for (int off = 0; off < n; off += a) {
        float m = max(z, off, a);
        double sum = 0;
        for (int i = off; i < off + a; i++) {
          float e = (float) Math.exp(z[i] - m);
          y[i] = e;
          sum += e;
        }
        double inv = 1.0 / sum;
        for (int i = off; i < off + a; i++) {
          y[i] = (float) (y[i] * inv);
        }
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      checkCount(n);
      int a = axisSize;
      for (int off = 0; off < n; off += a) {
        // dz_i = y_i (dy_i - sum_j dy_j y_j)
        double dot = 0;
        for (int i = off; i < off + a; i++) {
          dot += (double) dy[i] * y[i];
        }
        for (int i = off; i < off + a; i++) {
          dz[i] = (float) (y[i] * (dy[i] - dot));
        }
      }
    }
  }

  /** {@code log_softmax}: {@code x - max - log(sum(exp(x - max)))} per group. */
  static final class LogSoftmax extends AxisActivation {
    LogSoftmax(int axisSize) {
      super("log_softmax", axisSize);
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      checkCount(n);
      int a = axisSize;
      for (int off = 0; off < n; off += a) {
        float m = max(z, off, a);
        double sum = 0;
        for (int i = off; i < off + a; i++) {
          sum += Math.exp(z[i] - m);
        }
        double shift = m + Math.log(sum);
        for (int i = off; i < off + a; i++) {
          y[i] = (float) (z[i] - shift);
        }
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      checkCount(n);
      int a = axisSize;
      for (int off = 0; off < n; off += a) {
        // dz_i = dy_i - softmax_i * sum_j dy_j, softmax_i = exp(y_i)
        double total = 0;
        for (int i = off; i < off + a; i++) {
          total += dy[i];
        }
        for (int i = off; i < off + a; i++) {
          dz[i] = (float) (dy[i] - Math.exp(y[i]) * total);
        }
      }
    }
  }

  /**
   * {@code glu}: each group of {@code axisSize} inputs is split into halves {@code a | b}, giving
   * {@code axisSize/2} outputs {@code a * sigmoid(b)}; {@code n} inputs give {@code n/2} outputs.
   */
  static final class Glu extends AxisActivation {
    private final int half;

    Glu(int axisSize) {
      super("glu", axisSize);
      if (axisSize % 2 != 0) {
        throw new IllegalArgumentException(
            "glu splits the last axis into two equal halves, so its size must be even; received: axisSize="
                + axisSize);
      }
      this.half = axisSize / 2;
    }

    @Override
    public int outputCount(int inputCount) {
      checkCount(inputCount);
      return inputCount / 2;
    }

    @Override
    public void forward(float[] z, float[] y, int n) {
      checkCount(n);
      int h = half;
      // Output group g sits at g*h, below its input group at 2*g*h: ascending order also works in place.
      for (int in = 0, out = 0; in < n; in += 2 * h, out += h) {
        for (int i = 0; i < h; i++) {
          double s = Squashers.sigmoid(z[in + h + i]);
          y[out + i] = (float) (z[in + i] * s);
        }
      }
    }

    @Override
    public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
      checkCount(n);
      int h = half;
      // dz (n values) may be dy (n/2 values): walking the groups from the last one, each write lands on
      // upstream gradients that were already consumed.
      for (int in = n - 2 * h, out = n / 2 - h; in >= 0; in -= 2 * h, out -= h) {
        for (int i = 0; i < h; i++) {
          double g = dy[out + i];
          double a = z[in + i];
          double s = Squashers.sigmoid(z[in + h + i]);
          dz[in + i] = (float) (g * s);
          dz[in + h + i] = (float) (g * a * s * (1.0 - s));
        }
      }
    }
  }
}
