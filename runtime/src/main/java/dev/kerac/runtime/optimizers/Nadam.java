package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;

/**
 * Keras {@code Nadam} (defaults {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}),
 * Adam with Nesterov momentum. At 1-based step {@code t}: {@code mu_t = beta1(1 - 0.5*0.96^t)},
 * {@code mu_next = beta1(1 - 0.5*0.96^(t+1))}, {@code P = mu_1 * ... * mu_t}, {@code P' = P * mu_next};
 * {@code m, v} as Adam; {@code mhat = mu_next*m/(1 - P') + (1 - mu_t)*g/(1 - P)},
 * {@code vhat = v/(1 - beta2^t)}, {@code w -= lr*mhat / (sqrt(vhat) + epsilon)}. Slots:
 * {@code momentum}, {@code velocity} (interleaved). Keras keeps the product {@code P} as a variable
 * ({@code u_product}); here it is recomputed from {@link #iterations()}, so only the counter needs
 * saving.
 *
 * <pre>{@code
 * Optimizer opt = new Nadam(2e-3);
 * }</pre>
 */
public final class Nadam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-7;
  private float[][][] m;
  private float[][][] v;
  // The product of mu_1..mu_productStep, kept incrementally; recomputed if iterations jumped.
  private double product = 1;
  private long productStep;
  private float cm;
  private float cg;
  private float cv;

  /** Keras defaults. */
  public Nadam() {
    this(0.001);
  }

  public Nadam(double learningRate) {
    super("nadam", learningRate);
  }

  public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
    super("nadam", learningRate);
    beta1(beta1);
    beta2(beta2);
    epsilon(epsilon);
  }

  public Nadam(LearningRateSchedule learningRate) {
    super("nadam", learningRate);
  }

  /** Keras {@code beta_1}, in [0, 1]. */
  public Nadam beta1(double beta1) {
    this.beta1 = checkRange("beta_1", beta1, 0, 1);
    productStep = -1; // mu depends on beta1: recompute the product
    return this;
  }

  /** Keras {@code beta_2}, in [0, 1]. */
  public Nadam beta2(double beta2) {
    this.beta2 = checkRange("beta_2", beta2, 0, 1);
    return this;
  }

  /** Keras {@code epsilon}, {@code >= 0}. */
  public Nadam epsilon(double epsilon) {
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
    v = new float[params.length][][];
    for (int i = 0; i < params.length; i++) {
      if (params[i].trainable()) {
        m[i] = slot(params[i], "momentum", 0f);
        v[i] = slot(params[i], "velocity", 0f);
      }
    }
  }

  private double mu(long step) {
    return beta1 * (1 - 0.5 * Math.pow(0.96, step));
  }

  @Override
  protected void prepareStep(long step, float lr) {
    if (productStep != step - 1) {
      product = 1;
      for (long k = 1; k < step; k++) {
        product *= mu(k);
      }
    }
    double muT = mu(step);
    double muNext = mu(step + 1);
    product *= muT;
    productStep = step;
    double productNext = product * muNext;
    cm = (float) (muNext / (1 - productNext));
    cg = (float) ((1 - muT) / (1 - product));
    cv = (float) (1 / (1 - Math.pow(beta2, step)));
  }

  @Override
  protected void update(int index, float[][] w, float[][] g, float lr, int r0, int r1) {
    float b1 = (float) (1 - beta1);
    float b2 = (float) (1 - beta2);
    float eps = (float) epsilon;
    float a = cm;
    float b = cg;
    float c = cv;
    float[][] mm = m[index];
    float[][] vv = v[index];
    for (int r = r0; r < r1; r++) {
      float[] wr = w[r];
      float[] gr = g[r];
      float[] mr = mm[r];
      float[] vr = vv[r];
      for (int i = 0; i < wr.length; i++) {
        float gi = gr[i];
        float mi = mr[i] + (gi - mr[i]) * b1;
        float vi = vr[i] + (gi * gi - vr[i]) * b2;
        mr[i] = mi;
        vr[i] = vi;
        float mhat = a * mi + b * gi;
        wr[i] -= mhat * lr / ((float) Math.sqrt(vi * c) + eps);
      }
    }
  }
}
