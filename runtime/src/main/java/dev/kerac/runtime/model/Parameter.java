package dev.kerac.runtime.model;

import dev.kerac.runtime.regularizers.Regularizer;
import java.util.Arrays;

/**
 * One weight tensor of a compiled model (a Keras variable such as {@code hidden1/kernel}).
 *
 * <p>Values are stored as rows: the last Keras axis is the row length and all leading axes are
 * flattened into the row index, in row-major order. A Dense kernel {@code [in, units]} is
 * {@code in} rows of {@code units}; a bias {@code [units]} is one row. Hot loops walk one row at a
 * time with the same index on every array, which the JIT vectorizes. Optimizers, regularizers and
 * weight files iterate over rows the same way, whatever the layer.
 *
 * <pre>{@code
 * for (Parameter p : model.parameters()) System.out.println(p.path() + " " + Arrays.toString(p.shape()));
 * }</pre>
 */
public final class Parameter {
  private final String layer;
  private final String name;
  private final int[] shape;
  private final float[][] value;
  private final float[][] grad;
  private final boolean trainable;
  private final Regularizer regularizer;

  /**
   * @param layer the owning layer's name, e.g. {@code hidden1}
   * @param name the Keras variable name, e.g. {@code kernel}
   * @param shape the Keras shape (batch axis excluded)
   * @param trainable whether the optimizer updates it (a gradient buffer exists only then)
   * @param regularizer the penalty on this weight, or {@code null}
   */
  public Parameter(String layer, String name, int[] shape, boolean trainable, Regularizer regularizer) {
    this.layer = layer;
    this.name = name;
    this.shape = shape.clone();
    int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
    int rows = cols == 0 ? 0 : sizeOf(shape) / cols;
    this.value = new float[rows][cols];
    this.grad = trainable ? new float[rows][cols] : null;
    this.trainable = trainable;
    this.regularizer = regularizer;
  }

  /** Number of elements of a shape (1 for a scalar). */
  public static int sizeOf(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  public String layer() {
    return layer;
  }

  public String name() {
    return name;
  }

  /** {@code layer/name}, the key used in weight files and summaries. */
  public String path() {
    return layer + "/" + name;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return rows() * cols();
  }

  public int rows() {
    return value.length;
  }

  public int cols() {
    return shape.length == 0 ? 1 : shape[shape.length - 1];
  }

  /** The values, as rows (see the class comment). Generated code reads and writes them in place. */
  public float[][] value() {
    return value;
  }

  /** The gradient of the loss with respect to {@link #value()}; {@code null} when not trainable. */
  public float[][] grad() {
    return grad;
  }

  public boolean trainable() {
    return trainable;
  }

  /** The weight's regularizer, or {@code null}. */
  public Regularizer regularizer() {
    return regularizer;
  }

  /** Copies the values out in row-major (Keras) order. */
  public float[] toArray() {
    float[] out = new float[size()];
    int cols = cols();
    for (int r = 0; r < value.length; r++) {
      System.arraycopy(value[r], 0, out, r * cols, cols);
    }
    return out;
  }

  /**
   * Sets the values from a row-major (Keras order) array.
   *
   * @throws IllegalArgumentException if the length is not {@link #size()}
   */
  public void set(float[] data) {
    if (data == null || data.length != size()) {
      throw new IllegalArgumentException(
          "weight " + path() + " has shape " + Arrays.toString(shape) + " (" + size()
              + " values), got " + (data == null ? "null" : data.length + " values"));
    }
    int cols = cols();
    for (int r = 0; r < value.length; r++) {
      System.arraycopy(data, r * cols, value[r], 0, cols);
    }
  }

  /** Sets every gradient element to zero. */
  public void zeroGrad() {
    if (grad != null) {
      for (float[] row : grad) {
        Arrays.fill(row, 0f);
      }
    }
  }

  @Override
  public String toString() {
    return path() + Arrays.toString(shape);
  }
}
