package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;

/**
 * Keras {@code SGD} (defaults {@code learning_rate=0.01, momentum=0.0, nesterov=False}). Without
 * momentum {@code w -= lr*g}; with momentum {@code m = momentum*m - lr*g}, then {@code w += m}, or with
 * Nesterov {@code w += momentum*m - lr*g} (the new {@code m}). Slot: {@code momentum} (only when
 * momentum is not 0).
 *
 * <pre>{@code
 * Optimizer opt = new SGD(0.01, 0.9, true);
 * }</pre>
 */
public final class SGD extends Optimizer {
  private double momentum;
  private boolean nesterov;
  private float[][][] m;

  /** Keras defaults. */
  public SGD() {
    this(0.01);
  }

  public SGD(double learningRate) {
    this(learningRate, 0.0, false);
  }

  public SGD(double learningRate, double momentum, boolean nesterov) {
    super("SGD", learningRate);
    momentum(momentum);
    nesterov(nesterov);
  }

  public SGD(LearningRateSchedule learningRate) {
    super("SGD", learningRate);
  }

  /** Keras {@code momentum}, in [0, 1]. */
  public SGD momentum(double momentum) {
    checkNotBuilt("momentum");
    this.momentum = checkRange("momentum", momentum, 0, 1);
    return this;
  }

  /** Keras {@code nesterov}. */
  public SGD nesterov(boolean nesterov) {
    this.nesterov = nesterov;
    return this;
  }

  public double momentum() {
    return momentum;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  protected void createSlots(Parameter[] params) {
    m = new float[params.length][][];
    if (momentum != 0) {
      for (int i = 0; i < params.length; i++) {
        if (params[i].trainable()) {
          m[i] = slot(params[i], "momentum", 0f);
        }
      }
    }
  }

  @Override
  protected void update(int index, float[][] w, float[][] g, float lr, int r0, int r1) {
    if (momentum == 0) {
      for (int r = r0; r < r1; r++) {
        float[] wr = w[r];
        float[] gr = g[r];
        for (int i = 0; i < wr.length; i++) {
          wr[i] -= gr[i] * lr;
        }
      }
      return;
    }
    float mu = (float) momentum;
    float[][] mm = m[index];
    for (int r = r0; r < r1; r++) {
      float[] wr = w[r];
      float[] gr = g[r];
      float[] mr = mm[r];
      if (nesterov) {
        for (int i = 0; i < wr.length; i++) {
          float mi = mr[i] * mu - gr[i] * lr;
          mr[i] = mi;
          wr[i] += mi * mu - gr[i] * lr;
        }
      } else {
        for (int i = 0; i < wr.length; i++) {
          float mi = mr[i] * mu - gr[i] * lr;
          mr[i] = mi;
          wr[i] += mi;
        }
      }
    }
  }
}
