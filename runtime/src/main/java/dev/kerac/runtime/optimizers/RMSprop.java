package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;

/**
 * Keras {@code RMSprop} (defaults {@code learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
 * centered=False}), the default optimizer of Keras {@code compile}. {@code v = rho*v + (1-rho)*g^2};
 * centered: {@code a = rho*a + (1-rho)*g}, {@code den = v - a^2 + epsilon}, else
 * {@code den = v + epsilon}; {@code inc = lr*g / sqrt(den)} (epsilon inside the root); with momentum
 * {@code m = momentum*m + inc, w -= m}, else {@code w -= inc}. Slots: all {@code velocity}, then all
 * {@code momentum} (if momentum &gt; 0), then all {@code average_gradient} (if centered).
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(1e-3).momentum(0.9).centered(true);
 * }</pre>
 */
public final class RMSprop extends Optimizer {
  private double rho = 0.9;
  private double momentum;
  private double epsilon = 1e-7;
  private boolean centered;
  private float[][][] velocity;
  private float[][][] moment;
  private float[][][] average;

  /** Keras defaults. */
  public RMSprop() {
    this(0.001);
  }

  public RMSprop(double learningRate) {
    super("rmsprop", learningRate);
  }

  public RMSprop(
      double learningRate, double rho, double momentum, double epsilon, boolean centered) {
    super("rmsprop", learningRate);
    rho(rho);
    momentum(momentum);
    epsilon(epsilon);
    centered(centered);
  }

  public RMSprop(LearningRateSchedule learningRate) {
    super("rmsprop", learningRate);
  }

  /** Keras {@code rho}, in [0, 1]. */
  public RMSprop rho(double rho) {
    this.rho = checkRange("rho", rho, 0, 1);
    return this;
  }

  /** Keras {@code momentum}, in [0, 1]. */
  public RMSprop momentum(double momentum) {
    checkNotBuilt("momentum");
    this.momentum = checkRange("momentum", momentum, 0, 1);
    return this;
  }

  /** Keras {@code epsilon}, {@code >= 0}. */
  public RMSprop epsilon(double epsilon) {
    this.epsilon = checkRange("epsilon", epsilon, 0, Double.MAX_VALUE);
    return this;
  }

  /** Keras {@code centered}. */
  public RMSprop centered(boolean centered) {
    checkNotBuilt("centered");
    this.centered = centered;
    return this;
  }

  public double rho() {
    return rho;
  }

  public double momentum() {
    return momentum;
  }

  public double epsilon() {
    return epsilon;
  }

  public boolean centered() {
    return centered;
  }

  @Override
  protected void createSlots(Parameter[] params) {
    velocity = new float[params.length][][];
    moment = new float[params.length][][];
    average = new float[params.length][][];
    for (int i = 0; i < params.length; i++) {
      if (params[i].trainable()) {
        velocity[i] = slot(params[i], "velocity", 0f);
      }
    }
    if (momentum > 0) {
      for (int i = 0; i < params.length; i++) {
        if (params[i].trainable()) {
          moment[i] = slot(params[i], "momentum", 0f);
        }
      }
    }
    if (centered) {
      for (int i = 0; i < params.length; i++) {
        if (params[i].trainable()) {
          average[i] = slot(params[i], "average_gradient", 0f);
        }
      }
    }
  }

  @Override
  protected void update(int index, float[][] w, float[][] g, float lr, int r0, int r1) {
    float p = (float) rho;
    float q = (float) (1 - rho);
    float mu = (float) momentum;
    float eps = (float) epsilon;
    float[][] vv = velocity[index];
    float[][] mm = moment[index];
    float[][] aa = average[index];
    for (int r = r0; r < r1; r++) {
      float[] wr = w[r];
      float[] gr = g[r];
      float[] vr = vv[r];
      // Four loop shapes so that each inner loop is branch-free.
      if (aa == null && mm == null) {
        for (int i = 0; i < wr.length; i++) {
          float gi = gr[i];
          float vi = p * vr[i] + q * (gi * gi);
          vr[i] = vi;
          wr[i] -= lr * gi / (float) Math.sqrt(vi + eps);
        }
      } else if (aa == null) {
        float[] mr = mm[r];
        for (int i = 0; i < wr.length; i++) {
          float gi = gr[i];
          float vi = p * vr[i] + q * (gi * gi);
          vr[i] = vi;
          float mi = mu * mr[i] + lr * gi / (float) Math.sqrt(vi + eps);
          mr[i] = mi;
          wr[i] -= mi;
        }
      } else if (mm == null) {
        float[] ar = aa[r];
        for (int i = 0; i < wr.length; i++) {
          float gi = gr[i];
          float vi = p * vr[i] + q * (gi * gi);
          float ai = p * ar[i] + q * gi;
          vr[i] = vi;
          ar[i] = ai;
          wr[i] -= lr * gi / (float) Math.sqrt(vi - ai * ai + eps);
        }
      } else {
        float[] mr = mm[r];
        float[] ar = aa[r];
        for (int i = 0; i < wr.length; i++) {
          float gi = gr[i];
          float vi = p * vr[i] + q * (gi * gi);
          float ai = p * ar[i] + q * gi;
          vr[i] = vi;
          ar[i] = ai;
          float mi = mu * mr[i] + lr * gi / (float) Math.sqrt(vi - ai * ai + eps);
          mr[i] = mi;
          wr[i] -= mi;
        }
      }
    }
  }
}
