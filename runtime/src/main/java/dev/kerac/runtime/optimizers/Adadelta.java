package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;

/**
 * Keras {@code Adadelta} (defaults {@code learning_rate=0.001} (not 1.0), {@code rho=0.95,
 * epsilon=1e-7}). {@code Eg = rho*Eg + (1-rho)*g^2},
 * {@code d = -sqrt(Edx + epsilon) * g / sqrt(Eg + epsilon)}, {@code Edx = rho*Edx + (1-rho)*d^2},
 * {@code w += lr*d}. Slots: {@code accumulated_grad}, {@code accumulated_delta_var} (interleaved).
 *
 * <pre>{@code
 * Optimizer opt = new Adadelta(1.0);   // the original paper's setting
 * }</pre>
 */
public final class Adadelta extends Optimizer {
  private double rho = 0.95;
  private double epsilon = 1e-7;
  private float[][][] accGrad;
  private float[][][] accDelta;

  /** Keras defaults. */
  public Adadelta() {
    this(0.001);
  }

  public Adadelta(double learningRate) {
    super("adadelta", learningRate);
  }

  public Adadelta(double learningRate, double rho, double epsilon) {
    super("adadelta", learningRate);
    rho(rho);
    epsilon(epsilon);
  }

  public Adadelta(LearningRateSchedule learningRate) {
    super("adadelta", learningRate);
  }

  /** Keras {@code rho}, in [0, 1]. */
  public Adadelta rho(double rho) {
    this.rho = checkRange("rho", rho, 0, 1);
    return this;
  }

  /** Keras {@code epsilon}, {@code >= 0}. */
  public Adadelta epsilon(double epsilon) {
    this.epsilon = checkRange("epsilon", epsilon, 0, Double.MAX_VALUE);
    return this;
  }

  public double rho() {
    return rho;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  protected void createSlots(Parameter[] params) {
    accGrad = new float[params.length][][];
    accDelta = new float[params.length][][];
    for (int i = 0; i < params.length; i++) {
      if (params[i].trainable()) {
        accGrad[i] = slot(params[i], "accumulated_grad", 0f);
        accDelta[i] = slot(params[i], "accumulated_delta_var", 0f);
      }
    }
  }

  @Override
  protected void update(int index, float[][] w, float[][] g, float lr, int r0, int r1) {
    float p = (float) rho;
    float q = (float) (1 - rho);
    float eps = (float) epsilon;
    float[][] eg = accGrad[index];
    float[][] ed = accDelta[index];
    for (int r = r0; r < r1; r++) {
      float[] wr = w[r];
      float[] gr = g[r];
      float[] egr = eg[r];
      float[] edr = ed[r];
      for (int i = 0; i < wr.length; i++) {
        float gi = gr[i];
        float e = p * egr[i] + q * (gi * gi);
        egr[i] = e;
        float d = -((float) Math.sqrt(edr[i] + eps) * gi / (float) Math.sqrt(e + eps));
        edr[i] = p * edr[i] + q * (d * d);
        wr[i] += lr * d;
      }
    }
  }
}
