package dev.kerac.processor.model;

import java.util.Arrays;

/** A tensor shape without the batch axis. */
public record Shape(int... dims) {

  public Shape {
    dims = dims.clone();
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int axis) {
    return dims[axis < 0 ? dims.length + axis : axis];
  }

  /** The last axis. */
  public int last() {
    return dims[dims.length - 1];
  }

  /** Number of elements per sample. */
  public int size() {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** This shape with the last axis replaced. */
  public Shape withLast(int last) {
    int[] d = dims.clone();
    d[d.length - 1] = last;
    return new Shape(d);
  }

  @Override
  public int[] dims() {
    return dims.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Keras style without the batch axis, e.g. {@code (28, 28, 1)}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return b.append(dims.length == 1 ? ")" : ")").toString();
  }
}
