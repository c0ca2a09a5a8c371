package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;

/**
 * Keras {@code Adagrad} (defaults {@code learning_rate=0.001, initial_accumulator_value=0.1,
 * epsilon=1e-7}). {@code a += g^2}, {@code w -= lr*g / sqrt(a + epsilon)} (epsilon inside the root).
 * Slot: {@code accumulator}, starting at {@code initial_accumulator_value}.
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(0.01);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
  private double initialAccumulatorValue = 0.1;
  private double epsilon = 1e-7;
  private float[][][] accumulator;

  /** Keras defaults. */
  public Adagrad() {
    this(0.001);
  }

  public Adagrad(double learningRate) {
    super("adagrad", learningRate);
  }

  public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
    super("adagrad", learningRate);
    initialAccumulatorValue(initialAccumulatorValue);
    epsilon(epsilon);
  }

  public Adagrad(LearningRateSchedule learningRate) {
    super("adagrad", learningRate);
  }

  /** Keras {@code initial_accumulator_value}, {@code >= 0}. */
  public Adagrad initialAccumulatorValue(double value) {
    checkNotBuilt("initial_accumulator_value");
    this.initialAccumulatorValue = checkRange("initial_accumulator_value", value, 0, Double.MAX_VALUE);
    return this;
  }

  /** Keras {@code epsilon}, {@code >= 0}. */
  public Adagrad epsilon(double epsilon) {
    this.epsilon = checkRange("epsilon", epsilon, 0, Double.MAX_VALUE);
    return this;
  }

  public double initialAccumulatorValue() {
    return initialAccumulatorValue;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  protected void createSlots(Parameter[] params) {
    accumulator = new float[params.length][][];
    for (int i = 0; i < params.length; i++) {
      if (params[i].trainable()) {
        accumulator[i] = slot(params[i], "accumulator", (float) initialAccumulatorValue);
      }
    }
  }

  @Override
  protected void update(int index, float[][] w, float[][] g, float lr, int r0, int r1) {
    float eps = (float) epsilon;
    float[][] acc = accumulator[index];
    for (int r = r0; r < r1; r++) {
      float[] wr = w[r];
      float[] gr = g[r];
      float[] ar = acc[r];
      for (int i = 0; i < wr.length; i++) {
        float gi = gr[i];
        float ai = ar[i] + gi * gi;
        ar[i] = ai;
        wr[i] -= lr * gi / (float) Math.sqrt(ai + eps);
      }
    }
  }
}
