package dev.kerac.runtime.activations;

import static dev.kerac.runtime.activations.ActivationFunctions.*;

import java.util.List;
import java.util.function.Supplier;

/** Every function (and every relu code path) with its kinks and a test input range. */
final class Catalog {
  private Catalog() {}

  /**
   * @param axisSize group size; element-wise functions use one group of this many elements
   * @param kinks points where the derivative jumps (or is undefined); tests keep away from them
   */
  record Spec(String label, Supplier<ActivationFunction> make, int axisSize, double lo, double hi,
      double... kinks) {
    @Override
    public String toString() {
      return label;
    }
  }

  static final List<Spec> ALL = List.of(
      new Spec("linear", ActivationFunctions::linear, 24, -5, 5),
      new Spec("relu", () -> relu(0f, Float.NaN, 0f), 24, -5, 5, 0),
      new Spec("relu slope (leaky path)", () -> relu(0.1f, Float.NaN, 0f), 24, -5, 5, 0),
      new Spec("relu max 6 (relu6 path)", () -> relu(0f, 6f, 0f), 24, -2, 8, 0, 6),
      new Spec("relu max 4.5", () -> relu(0f, 4.5f, 0f), 24, -2, 7, 0, 4.5),
      new Spec("relu threshold 1.5", () -> relu(0f, Float.NaN, 1.5f), 24, -3, 5, 0, 1.5),
      new Spec("relu slope max threshold", () -> relu(0.1f, 4.5f, 1.5f), 24, -3, 7, 0, 1.5, 4.5),
      new Spec("relu negative threshold", () -> relu(0.2f, Float.NaN, -1f), 24, -4, 4, -1, 0),
      new Spec("relu negative threshold max", () -> relu(0.2f, 3f, -1f), 24, -4, 5, -1, 0, 3),
      new Spec("relu6", ActivationFunctions::relu6, 24, -2, 8, 0, 6),
      new Spec("leaky_relu", () -> leakyRelu(0.2f), 24, -5, 5, 0),
      new Spec("elu", () -> elu(1f), 24, -5, 5, 0),
      new Spec("elu alpha 0.5", () -> elu(0.5f), 24, -5, 5, 0),
      new Spec("selu", ActivationFunctions::selu, 24, -5, 5, 0),
      new Spec("celu", () -> celu(1f), 24, -5, 5, 0),
      new Spec("celu alpha 0.5", () -> celu(0.5f), 24, -5, 5, 0),
      new Spec("gelu", () -> gelu(false), 24, -5, 5),
      new Spec("gelu approximate", () -> gelu(true), 24, -5, 5),
      new Spec("sigmoid", ActivationFunctions::sigmoid, 24, -8, 8),
      new Spec("hard_sigmoid", ActivationFunctions::hardSigmoid, 24, -5, 5, -3, 3),
      new Spec("log_sigmoid", ActivationFunctions::logSigmoid, 24, -8, 8),
      new Spec("sparse_sigmoid", ActivationFunctions::sparseSigmoid, 24, -3, 3, -1, 1),
      new Spec("silu", ActivationFunctions::silu, 24, -8, 8),
      new Spec("hard_silu", ActivationFunctions::hardSilu, 24, -5, 5, -3, 3),
      new Spec("tanh", ActivationFunctions::tanh, 24, -4, 4),
      new Spec("hard_tanh", ActivationFunctions::hardTanh, 24, -3, 3, -1, 1),
      new Spec("tanh_shrink", ActivationFunctions::tanhShrink, 24, -4, 4),
      new Spec("soft_shrink", () -> softShrink(0.5f), 24, -3, 3, -0.5, 0.5),
      new Spec("soft_shrink 1.25", () -> softShrink(1.25f), 24, -3, 3, -1.25, 1.25),
      new Spec("hard_shrink", () -> hardShrink(0.5f), 24, -3, 3, -0.5, 0.5),
      new Spec("softplus", ActivationFunctions::softplus, 24, -8, 8),
      new Spec("softsign", ActivationFunctions::softsign, 24, -5, 5, 0),
      new Spec("sparse_plus", ActivationFunctions::sparsePlus, 24, -3, 3, -1, 1),
      new Spec("squareplus", () -> squareplus(4f), 24, -5, 5),
      new Spec("squareplus b 0.5", () -> squareplus(0.5f), 24, -5, 5),
      new Spec("mish", ActivationFunctions::mish, 24, -6, 6),
      new Spec("exponential", ActivationFunctions::exponential, 24, -5, 3),
      new Spec("threshold", () -> threshold(0.5f, -1f), 24, -3, 3, 0.5),
      new Spec("softmax", () -> softmax(6), 6, -3, 3),
      new Spec("log_softmax", () -> logSoftmax(6), 6, -3, 3),
      new Spec("sparsemax", () -> sparsemax(6), 6, -1.5, 1.5),
      new Spec("glu", () -> glu(10), 10, -4, 4));
}
