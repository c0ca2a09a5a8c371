package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;

/**
 * Keras {@code Adam} (defaults {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
 * amsgrad=False}). At 1-based step {@code t}: {@code m += (g - m)(1 - beta1)},
 * {@code v += (g^2 - v)(1 - beta2)}, {@code alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)},
 * {@code w -= m * alpha / (sqrt(v) + epsilon)}: epsilon is added to the uncorrected {@code sqrt(v)}, as
 * in Keras. With amsgrad, {@code vhat = max(vhat, v)} replaces {@code v} in the denominator. Slots:
 * {@code momentum}, {@code velocity} (interleaved), then {@code velocity_hat} with amsgrad.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(3e-4).beta2(0.98).amsgrad(true);
 * }</pre>
 */
public class Adam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-7;
  private boolean amsgrad;
  private float[][][] m;
  private float[][][] v;
  private float[][][] vhat;
  private float alpha;

  /** Keras defaults. */
  public Adam() {
    this(0.001);
  }

  public Adam(double learningRate) {
    super("adam", learningRate);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    this("adam", learningRate, beta1, beta2, epsilon, amsgrad);
  }

  public Adam(LearningRateSchedule learningRate) {
    super("adam", learningRate);
  }

  Adam(String name, double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    super(name, learningRate);
    beta1(beta1);
    beta2(beta2);
    epsilon(epsilon);
    amsgrad(amsgrad);
  }

  Adam(String name, LearningRateSchedule learningRate) {
    super(name, learningRate);
  }

  /** Keras {@code beta_1}, in [0, 1]. */
  public Adam beta1(double beta1) {
    this.beta1 = checkRange("beta_1", beta1, 0, 1);
    return this;
  }

  /** Keras {@code beta_2}, in [0, 1]. */
  public Adam beta2(double beta2) {
    this.beta2 = checkRange("beta_2", beta2, 0, 1);
    return this;
  }

  /** Keras {@code epsilon}, {@code >= 0}. */
  public Adam epsilon(double epsilon) {
    this.epsilon = checkRange("epsilon", epsilon, 0, Double.MAX_VALUE);
    return this;
  }

  /** Keras {@code amsgrad}. */
  public Adam amsgrad(boolean amsgrad) {
    checkNotBuilt("amsgrad");
    this.amsgrad = amsgrad;
    return this;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double epsilon() {
    return epsilon;
  }

  public boolean amsgrad() {
    return amsgrad;
  }

  @Override
  protected void createSlots(Parameter[] params) {
    m = new float[params.length][][];
    v = new float[params.length][][];
    vhat = new float[params.length][][];
    for (int i = 0; i < params.length; i++) {
      if (params[i].trainable()) {
        m[i] = slot(params[i], "momentum", 0f);
        v[i] = slot(params[i], "velocity", 0f);
      }
    }
    if (amsgrad) {
      for (int i = 0; i < params.length; i++) {
        if (params[i].trainable()) {
          vhat[i] = slot(params[i], "velocity_hat", 0f);
        }
      }
    }
  }

  @Override
  protected void prepareStep(long step, float lr) {
    alpha = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
  }

  @Override
  protected void update(int index, float[][] w, float[][] g, float lr, int r0, int r1) {
    float a = alpha;
    float b1 = (float) (1 - beta1);
    float b2 = (float) (1 - beta2);
    float eps = (float) epsilon;
    float[][] mm = m[index];
    float[][] vv = v[index];
    float[][] hh = vhat[index];
    for (int r = r0; r < r1; r++) {
      float[] wr = w[r];
      float[] gr = g[r];
      float[] mr = mm[r];
      float[] vr = vv[r];
      if (hh == null) {
        for (int i = 0; i < wr.length; i++) {
          float gi = gr[i];
          float mi = mr[i] + (gi - mr[i]) * b1;
          float vi = vr[i] + (gi * gi - vr[i]) * b2;
          mr[i] = mi;
          vr[i] = vi;
          wr[i] -= mi * a / ((float) Math.sqrt(vi) + eps);
        }
      } else {
        float[] hr = hh[r];
        for (int i = 0; i < wr.length; i++) {
          float gi = gr[i];
          float mi = mr[i] + (gi - mr[i]) * b1;
          float vi = vr[i] + (gi * gi - vr[i]) * b2;
          float hi = Math.max(hr[i], vi);
          mr[i] = mi;
          vr[i] = vi;
          hr[i] = hi;
          wr[i] -= mi * a / ((float) Math.sqrt(hi) + eps);
        }
      }
    }
  }
}
