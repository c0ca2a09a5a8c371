package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;

/**
 * Keras {@code Adamax} (defaults {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}),
 * Adam with the infinity norm. At 1-based step {@code t}: {@code m += (g - m)(1 - beta1)},
 * {@code u = max(beta2*u, |g|)}, {@code w -= lr*m / ((1 - beta1^t)(u + epsilon))}. Slots:
 * {@code momentum}, {@code norm} (interleaved).
 *
 * <pre>{@code
 * Optimizer opt = new Adamax(2e-3);
 * }</pre>
 */
public final class Adamax extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-7;
  private float[][][] m;
  private float[][][] u;
  private float correction;

  /** Keras defaults. */
  public Adamax() {
    this(0.001);
  }

  public Adamax(double learningRate) {
    super("adamax", learningRate);
  }

  public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
    super("adamax", learningRate);
    beta1(beta1);
    beta2(beta2);
    epsilon(epsilon);
  }

  public Adamax(LearningRateSchedule learningRate) {
    super("adamax", learningRate);
  }

  /** Keras {@code beta_1}, in [0, 1]. */
  public Adamax beta1(double beta1) {
    this.beta1 = checkRange("beta_1", beta1, 0, 1);
    return this;
  }

  /** Keras {@code beta_2}, in [0, 1]. */
  public Adamax beta2(double beta2) {
    this.beta2 = checkRange("beta_2", beta2, 0, 1);
    return this;
  }

  /** Keras {@code epsilon}, {@code >= 0}. */
  public Adamax epsilon(double epsilon) {
    this.epsilon = checkRange("epsilon", epsilon, 0, Double.MAX_VALUE);
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

  @Override
  protected void createSlots(Parameter[] params) {
    m = new float[params.length][][];
    u = new float[params.length][][];
    for (int i = 0; i < params.length; i++) {
      if (params[i].trainable()) {
        m[i] = slot(params[i], "momentum", 0f);
        u[i] = slot(params[i], "norm", 0f);
      }
    }
  }

  @Override
  protected void prepareStep(long step, float lr) {
    correction = (float) (1 - Math.pow(beta1, step));
  }

  @Override
  protected void update(int index, float[][] w, float[][] g, float lr, int r0, int r1) {
    float b1 = (float) (1 - beta1);
    float b2 = (float) beta2;
    float eps = (float) epsilon;
    float c = correction;
    float[][] mm = m[index];
    float[][] uu = u[index];
    for (int r = r0; r < r1; r++) {
      float[] wr = w[r];
      float[] gr = g[r];
      float[] mr = mm[r];
      float[] ur = uu[r];
      for (int i = 0; i < wr.length; i++) {
        float gi = gr[i];
        float mi = mr[i] + (gi - mr[i]) * b1;
        float ui = Math.max(b2 * ur[i], Math.abs(gi));
        mr[i] = mi;
        ur[i] = ui;
        wr[i] -= lr * mi / (c * (ui + eps));
      }
    }
  }
}
