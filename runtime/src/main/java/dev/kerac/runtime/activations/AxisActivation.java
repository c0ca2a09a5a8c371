package dev.kerac.runtime.activations;

/**
 * Base of the functions that work on consecutive groups of {@code axisSize} elements (the last axis):
 * softmax, log_softmax, sparsemax, glu.
 */
abstract class AxisActivation extends BaseActivation {
  final int axisSize;

  AxisActivation(String kerasName, int axisSize) {
    super(kerasName, kerasName + "(axis_size=" + axisSize + ")");
    if (axisSize < 1) {
      throw new IllegalArgumentException(
          kerasName + " needs a positive axis size (the length of the last axis); received: axisSize=" + axisSize);
    }
    this.axisSize = axisSize;
  }

  /** Checks that {@code n} inputs are whole groups. */
  final void checkCount(int n) {
    if (n < 0 || n % axisSize != 0) {
      throw new IllegalArgumentException(kerasName() + " works on whole groups of " + axisSize
          + " elements (the last axis); received n=" + n + ", not a multiple of " + axisSize);
    }
  }
}
