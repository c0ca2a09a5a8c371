package dev.kerac.runtime.train;

import dev.kerac.runtime.init.Rng;
import dev.kerac.runtime.model.LayerInfo;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Parameter;
import java.util.List;

/**
 * A hand-written model for training-loop tests: {@code y = x·W + b} (one Dense layer, linear
 * activation), with forward and backward written out, so {@code fit} runs real epochs in microseconds.
 */
final class LinearModel implements Model {
  private final int in;
  private final int out;
  private final Parameter kernel;
  private final Parameter bias;
  private final List<Parameter> params;
  private final Trainer trainer = new Trainer(this);
  private float[][] x;
  private float[][] y = new float[0][];
  private float[][] dx = new float[0][];

  /** Weights drawn uniformly from [-0.5, 0.5) with {@code seed}, bias 0. */
  LinearModel(int in, int out, long seed) {
    this.in = in;
    this.out = out;
    this.kernel = new Parameter("dense", "kernel", new int[] {in, out}, true, null);
    this.bias = new Parameter("dense", "bias", new int[] {out}, true, null);
    this.params = List.of(kernel, bias);
    Rng rng = new Rng(seed);
    for (float[] row : kernel.value()) {
      for (int o = 0; o < out; o++) {
        row[o] = rng.nextFloat() - 0.5f;
      }
    }
  }

  @Override
  public Trainer trainer() {
    return trainer;
  }

  @Override
  public String name() {
    return "linear";
  }

  @Override
  public int[] inputShape() {
    return new int[] {in};
  }

  @Override
  public int[] outputShape() {
    return new int[] {out};
  }

  @Override
  public int inputSize() {
    return in;
  }

  @Override
  public int outputSize() {
    return out;
  }

  @Override
  public int capacity() {
    return y.length;
  }

  @Override
  public void ensureCapacity(int capacity) {
    if (capacity > y.length) {
      y = new float[capacity][out];
      dx = new float[capacity][in];
    }
  }

  @Override
  public List<Parameter> parameters() {
    return params;
  }

  @Override
  public List<LayerInfo> layers() {
    return List.of();
  }

  @Override
  public String fingerprint() {
    return "linear:" + in + ":" + out;
  }

  @Override
  public String outputActivation() {
    return "linear";
  }

  @Override
  public void forward(float[][] x, int batch, boolean training) {
    if (x == null || batch < 1 || batch > y.length) {
      throw new IllegalArgumentException("batch " + batch + " outside [1, " + y.length + "]");
    }
    this.x = x;
    float[][] w = kernel.value();
    float[] b = bias.value()[0];
    for (int s = 0; s < batch; s++) {
      float[] ys = y[s];
      System.arraycopy(b, 0, ys, 0, out);
      for (int i = 0; i < in; i++) {
        float xi = x[s][i];
        float[] wi = w[i];
        for (int o = 0; o < out; o++) {
          ys[o] += xi * wi[o];
        }
      }
    }
  }

  @Override
  public float[][] output() {
    return y;
  }

  @Override
  public void backward(float[][] dy, int batch) {
    float[][] w = kernel.value();
    float[][] gw = kernel.grad();
    float[] gb = bias.grad()[0];
    kernel.zeroGrad();
    bias.zeroGrad();
    for (int s = 0; s < batch; s++) {
      float[] d = dy[s];
      for (int o = 0; o < out; o++) {
        gb[o] += d[o];
      }
      for (int i = 0; i < in; i++) {
        float xi = x[s][i];
        float[] g = gw[i];
        float acc = 0;
        for (int o = 0; o < out; o++) {
          g[o] += xi * d[o];
          acc += w[i][o] * d[o];
        }
        dx[s][i] = acc;
      }
    }
  }

  @Override
  public void backwardFromLogits(float[][] dz, int batch) {
    backward(dz, batch); // linear output: the logits are the output
  }

  @Override
  public float[][] inputGradient() {
    return dx;
  }

  @Override
  public void predict(float[] in, float[] out) {
    ensureCapacity(1);
    forward(new float[][] {in}, 1, false);
    System.arraycopy(y[0], 0, out, 0, this.out);
  }

  /** A copy of every parameter, row-major, concatenated. */
  float[] weights() {
    float[] k = kernel.toArray();
    float[] b = bias.toArray();
    float[] all = new float[k.length + b.length];
    System.arraycopy(k, 0, all, 0, k.length);
    System.arraycopy(b, 0, all, k.length, b.length);
    return all;
  }

  /** Regression data {@code y = x·[1, -2, 0.5] + 0.25} with inputs uniform in [-1, 1). */
  static float[][][] data(int n, long seed) {
    Rng rng = new Rng(seed);
    float[][] xs = new float[n][3];
    float[][] ys = new float[n][1];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < 3; i++) {
        xs[s][i] = 2 * rng.nextFloat() - 1;
      }
      ys[s][0] = xs[s][0] - 2 * xs[s][1] + 0.5f * xs[s][2] + 0.25f;
    }
    return new float[][][] {xs, ys};
  }
}
