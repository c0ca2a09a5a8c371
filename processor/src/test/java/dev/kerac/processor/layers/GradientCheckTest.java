package dev.kerac.processor.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.model.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference checks of every layer kind's backward pass, independent of the golden files:
 * for {@code L = sum(y * dy) + activity penalties} with random {@code dy}, the analytic gradients with respect to the input
 * and every weight must match central differences (float32 model, steps of 1e-2, compared with a
 * relative tolerance scaled to the gradient's magnitude).
 */
class GradientCheckTest {
  private static final String[][] MODELS = {
    {"dense", "{5}", "@Dense(units = 4, activation = Activations.TANH) Layer a;"},
    {"denseNoBiasRank3", "{3, 4}", "@Dense(units = 5, useBias = false, activation = Activations.SIGMOID) Layer a;"},
    {"denseSoftmax", "{4}", "@Dense(units = 3, activation = Activations.SOFTMAX) Layer a;"},
    {"activationElu", "{6}", "@Activation(value = Activations.ELU, alpha = 0.7) Layer a;"},
    {"activationGelu", "{6}", "@Activation(value = Activations.GELU, approximate = true) Layer a;"},
    {"relu", "{6}", "@ReLU(negativeSlope = 0.1, maxValue = 5) Layer a;"},
    {"leakyRelu", "{6}", "@LeakyReLU Layer a;"},
    {"elu", "{2, 3}", "@ELU(alpha = 1.5) Layer a;"},
    {"softmax", "{2, 4}", "@Softmax Layer a;"},
    {"prelu", "{2, 3}", "@PReLU(alphaInitializer = Init.RANDOM_UNIFORM) Layer a;"},
    {"preluShared", "{2, 2, 3}", "@PReLU(alphaInitializer = Init.RANDOM_UNIFORM, sharedAxes = {1, 2}) Layer a;"},
    {"dropoutInference", "{5}", "@Dropout(rate = 0.3) Layer a; @Dense(units = 2) Layer b;"},
    {"flatten", "{2, 3}", "@Flatten Layer a; @Dense(units = 3, activation = Activations.TANH) Layer b;"},
    {"reshape", "{6}", "@Reshape(targetShape = {3, -1}) Layer a; @Dense(units = 2) Layer b;"},
    {"activityRegularizer", "{5}", "@Dense(units = 4, activation = Activations.TANH, "
        + "activityRegularizer = @Regularizer(l1 = 0.05, l2 = 0.1)) Layer a; @Dense(units = 3) Layer b;"},
    // Convolution family: every kind and padding mode, both dx code paths (C < 8 and C >= 8), groups.
    {"conv1dValid", "{7, 3}", "@Conv1D(filters = 4, kernelSize = 3, activation = Activations.TANH) Layer a;"},
    {"conv1dSameStrided", "{6, 2}", "@Conv1D(filters = 3, kernelSize = 4, strides = 2, padding = Padding.SAME) Layer a;"},
    {"conv1dCausalDilated", "{6, 2}", "@Conv1D(filters = 3, kernelSize = 3, padding = Padding.CAUSAL, dilationRate = 2) Layer a;"},
    {"conv1dGroups", "{5, 4}", "@Conv1D(filters = 6, kernelSize = 2, groups = 2, padding = Padding.SAME) Layer a;"},
    {"conv2dValid", "{5, 5, 2}", "@Conv2D(filters = 3, kernelSize = 3, activation = Activations.SIGMOID) Layer a;"},
    {"conv2dSameStridedNoBias", "{5, 6, 2}", "@Conv2D(filters = 2, kernelSize = {3, 2}, strides = 2, padding = Padding.SAME, useBias = false) Layer a;"},
    {"conv2dDilatedSame", "{6, 6, 1}", "@Conv2D(filters = 2, kernelSize = 3, dilationRate = 2, padding = Padding.SAME) Layer a;"},
    {"conv2dManyChannels", "{4, 4, 9}", "@Conv2D(filters = 5, kernelSize = 3, padding = Padding.SAME, activation = Activations.TANH) Layer a;"},
    {"conv2dManyChannelsStrided", "{5, 5, 8}", "@Conv2D(filters = 3, kernelSize = 2, strides = {2, 1}) Layer a;"},
    {"conv2dGroups", "{4, 4, 4}", "@Conv2D(filters = 4, kernelSize = 2, groups = 2, kernelRegularizer = @Regularizer(l2 = 0.1)) Layer a;"},
    {"conv2dSoftmax", "{4, 4, 2}", "@Conv2D(filters = 3, kernelSize = 2, activation = Activations.SOFTMAX) Layer a;"},
    // Sigmoid outputs stay positive, away from the L1 kink at 0 that finite differences would straddle.
    {"conv2dActivityRegularizer", "{4, 4, 2}", "@Conv2D(filters = 3, kernelSize = 2, activation = Activations.SIGMOID, "
        + "activityRegularizer = @Regularizer(l1 = 0.05, l2 = 0.1)) Layer a; @Flatten Layer f; @Dense(units = 2) Layer d;"},
    {"conv2dTransposeValid", "{3, 3, 2}", "@Conv2DTranspose(filters = 3, kernelSize = 3, strides = 2) Layer a;"},
    {"conv2dTransposeSame", "{3, 4, 2}", "@Conv2DTranspose(filters = 2, kernelSize = 3, strides = 2, padding = Padding.SAME, activation = Activations.TANH) Layer a;"},
    {"conv2dTransposeOutputPadding", "{3, 3, 2}", "@Conv2DTranspose(filters = 2, kernelSize = {3, 2}, strides = {2, 3}, padding = Padding.SAME, outputPadding = {1, 2}) Layer a;"},
    {"conv2dTransposeDilated", "{3, 3, 2}", "@Conv2DTranspose(filters = 2, kernelSize = 2, dilationRate = 2, padding = Padding.SAME, useBias = false) Layer a;"},
    {"depthwise", "{5, 5, 3}", "@DepthwiseConv2D(kernelSize = 3, depthMultiplier = 2) Layer a;"},
    {"depthwiseSameStrided", "{4, 5, 2}", "@DepthwiseConv2D(kernelSize = {2, 3}, strides = 2, padding = Padding.SAME, activation = Activations.TANH) Layer a;"},
    {"separable", "{5, 5, 2}", "@SeparableConv2D(filters = 3, kernelSize = 3, padding = Padding.SAME, depthMultiplier = 2) Layer a;"},
    {"separableStridedNoBias", "{6, 6, 3}", "@SeparableConv2D(filters = 2, kernelSize = 2, strides = 2, useBias = false, activation = Activations.TANH) Layer a;"},
    {"cnn", "{6, 6, 2}", "@Conv2D(filters = 3, kernelSize = 3, activation = Activations.TANH) Layer a; "
        + "@Conv2D(filters = 2, kernelSize = 2, padding = Padding.SAME) Layer b; @Flatten Layer f; @Dense(units = 3) Layer d;"},
  };

  @TestFactory
  Stream<DynamicTest> everyLayerKind() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] m : MODELS) {
      tests.add(DynamicTest.dynamicTest(m[0], () -> check(m[0], m[1], m[2])));
    }
    return tests.stream();
  }

  private static void check(String name, String shape, String layers) {
    String cls = "Check_" + name;
    String src = "package gc;\n"
        + "import dev.kerac.annotations.*;\n"
        + "import dev.kerac.annotations.layers.core.*;\n"
        + "import dev.kerac.annotations.layers.activations.*;\n"
        + "import dev.kerac.annotations.layers.regularization.*;\n"
        + "import dev.kerac.annotations.layers.reshaping.*;\n"
        + "import dev.kerac.annotations.layers.convolution.*;\n"
        + "@Sequential(input = @Input(shape = " + shape + "))\n"
        + "abstract class " + cls + " {\n  " + layers + "\n}\n";
    int batch = 3;
    Model model = ModelCompiler.build("gc." + cls, src, batch, 7);
    Random r = new Random(name.hashCode());
    float[][] x = new float[batch][model.inputSize()];
    for (float[] row : x) {
      for (int i = 0; i < row.length; i++) {
        // Away from the kinks at 0 (relu family) by at least 0.1.
        float v = 0.1f + r.nextFloat() * 1.4f;
        row[i] = r.nextBoolean() ? v : -v;
      }
    }
    float[][] dy = new float[batch][model.outputSize()];
    for (float[] row : dy) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextFloat() * 2 - 1;
      }
    }
    model.forward(x, batch, false);
    model.backward(dy, batch);
    float[][] dx = copy(model.inputGradient(), batch);
    List<float[][]> grads = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      grads.add(copy(p.grad(), p.rows()));
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < x[b].length; i++) {
        compare(name + " dx[" + b + "][" + i + "]", dx[b][i], numeric(model, x, dy, x[b], i));
      }
    }
    for (int k = 0; k < grads.size(); k++) {
      Parameter p = model.parameters().get(k);
      for (int row = 0; row < p.rows(); row++) {
        for (int col = 0; col < p.cols(); col++) {
          compare(name + " d" + p.path() + "[" + row + "][" + col + "]", grads.get(k)[row][col],
              numeric(model, x, dy, p.value()[row], col));
        }
      }
    }
  }

  /** Central difference of L = sum(y * dy) with respect to {@code target[i]}. */
  private static double numeric(Model model, float[][] x, float[][] dy, float[] target, int i) {
    float h = 1e-2f;
    float saved = target[i];
    target[i] = saved + h;
    double plus = loss(model, x, dy);
    target[i] = saved - h;
    double minus = loss(model, x, dy);
    target[i] = saved;
    return (plus - minus) / (2.0 * h);
  }

  private static double loss(Model model, float[][] x, float[][] dy) {
    int batch = x.length;
    model.forward(x, batch, false);
    double l = 0;
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < dy[b].length; o++) {
        l += (double) model.output()[b][o] * dy[b][o];
      }
    }
    return l + model.activityPenalty();
  }

  private static void compare(String what, double analytic, double numeric) {
    double err = Math.abs(analytic - numeric);
    assertTrue(err <= 2e-3 + 2e-2 * Math.abs(numeric),
        what + ": analytic " + analytic + ", finite difference " + numeric);
  }

  private static float[][] copy(float[][] rows, int n) {
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = rows[i].clone();
    }
    return out;
  }
}
