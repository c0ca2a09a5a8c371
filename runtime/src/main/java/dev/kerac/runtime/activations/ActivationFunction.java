package dev.kerac.runtime.activations;

/**
 * An activation applied by generated code to a sample's row of pre-activations. Element-wise functions
 * ignore grouping; the axis-wise ones (softmax, log_softmax, sparsemax, glu) work on consecutive groups
 * of {@code axisSize} elements (the last axis), fixed at construction. Implementations allocate
 * nothing per call. Create them with {@link ActivationFunctions}.
 */
public interface ActivationFunction {

  /** The Keras name, e.g. {@code relu}. */
  String kerasName();

  /** Output elements produced from {@code inputCount} inputs (half for glu, else the same). */
  default int outputCount(int inputCount) {
    return inputCount;
  }

  /** {@code y[0..outputCount(n)) = f(z[0..n))}. {@code y} may be {@code z} for element-wise functions. */
  void forward(float[] z, float[] y, int n);

  /**
   * {@code dz = dy * f'(z)}: the gradient with respect to the input, given the forward input
   * {@code z[0..n)}, its output {@code y} and the upstream gradient {@code dy}. {@code dz} may be
   * {@code dy}.
   */
  void backward(float[] z, float[] y, float[] dy, float[] dz, int n);
}
