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
 * relative tolerance scaled to the gradient's magnitude). Models named {@code ...Training} run in
 * training mode (BatchNormalization's batch statistics); non-trainable weights have no gradient.
 */
class GradientCheckTest {
  // gamma and beta of order 1 (Keras's ones/zeros would hide mistakes in their gradients).
  private static final String NORM_INIT = "gammaInitializer = Init.HE_UNIFORM, betaInitializer = Init.HE_UNIFORM";
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
    // Normalization. Names ending in "Training" run forward(training = true): batch statistics.
    {"batchNorm", "{5}", "@BatchNormalization(" + NORM_INIT + ", movingMeanInitializer = Init.HE_UNIFORM) Layer a;"},
    {"batchNormRank3", "{2, 3}", "@BatchNormalization(" + NORM_INIT + ", movingMeanInitializer = Init.HE_UNIFORM) "
        + "Layer a; @Dense(units = 2, activation = Activations.TANH) Layer b;"},
    {"batchNormTraining", "{5}", "@BatchNormalization(" + NORM_INIT + ") Layer a; "
        + "@Dense(units = 3, activation = Activations.TANH) Layer b;"},
    {"batchNormRank4Training", "{2, 2, 3}", "@BatchNormalization(momentum = 0.5, " + NORM_INIT + ") Layer a;"},
    {"batchNormNoAffineTraining", "{2, 3}", "@BatchNormalization(center = false, scale = false) Layer a; "
        + "@Dense(units = 2, activation = Activations.TANH) Layer b;"},
    {"batchNormNoCenterTraining", "{4}", "@BatchNormalization(center = false, epsilon = 0.1, "
        + "gammaInitializer = Init.HE_UNIFORM) Layer a;"},
    {"layerNorm", "{6}", "@LayerNormalization(" + NORM_INIT + ") Layer a;"},
    {"layerNormRank3", "{2, 4}", "@LayerNormalization(" + NORM_INIT + ") Layer a; "
        + "@Dense(units = 2, activation = Activations.TANH) Layer b;"},
    {"layerNormNoCenter", "{3, 3}", "@LayerNormalization(center = false, gammaInitializer = Init.HE_UNIFORM) Layer a;"},
    {"layerNormNoScale", "{5}", "@LayerNormalization(scale = false, betaInitializer = Init.HE_UNIFORM) Layer a;"},
    // Pooling and reshaping (helper/pooling); models with "Max" get distinct inputs (stable argmax).
    {"maxPool1d", "{7, 2}", "@MaxPooling1D(poolSize = 2) Layer a;"},
    {"maxPool1dSame", "{8, 2}", "@MaxPooling1D(poolSize = 3, strides = 2, padding = Padding.SAME) Layer a;"},
    {"maxPool2d", "{4, 5, 2}", "@MaxPooling2D Layer a; @Flatten Layer f; @Dense(units = 3) Layer d;"},
    {"maxPool2dSameOverlap", "{5, 5, 2}", "@MaxPooling2D(poolSize = 3, strides = 2, padding = Padding.SAME) Layer a;"},
    {"maxPool2dStrideOverlap", "{5, 6, 1}", "@MaxPooling2D(poolSize = {2, 3}, strides = {1, 2}) Layer a;"},
    // Max pooling's training forward records the argmax; the cases above backpropagate after inference.
    {"maxPool2dTraining", "{5, 7, 2}", "@MaxPooling2D Layer a; @Flatten Layer f; @Dense(units = 3) Layer d;"},
    {"maxPool2dSameOverlapTraining", "{5, 5, 2}", "@MaxPooling2D(poolSize = 3, strides = 2, padding = Padding.SAME) Layer a;"},
    {"avgPool1d", "{7, 2}", "@AveragePooling1D(poolSize = 3, strides = 2) Layer a;"},
    {"avgPool1dSame", "{6, 2}", "@AveragePooling1D(poolSize = 3, strides = 1, padding = Padding.SAME) Layer a;"},
    {"avgPool2d", "{4, 4, 2}", "@AveragePooling2D(poolSize = 2) Layer a;"},
    {"avgPool2dSame", "{5, 4, 2}", "@AveragePooling2D(poolSize = 3, strides = 2, padding = Padding.SAME) Layer a;"},
    {"globalAvg1d", "{5, 3}", "@GlobalAveragePooling1D Layer a;"},
    {"globalAvg2d", "{3, 4, 2}", "@GlobalAveragePooling2D(keepdims = true) Layer a;"},
    {"globalMax1d", "{5, 3}", "@GlobalMaxPooling1D Layer a;"},
    {"globalMax2d", "{3, 4, 2}", "@GlobalMaxPooling2D Layer a; @Dense(units = 2) Layer d;"},
    {"zeroPadding2d", "{3, 3, 2}", "@ZeroPadding2D(padding = {1, 2, 0, 1}) Layer a;"},
    {"cropping2d", "{5, 6, 2}", "@Cropping2D(cropping = {1, 2}) Layer a;"},
    {"upSampling2d", "{2, 3, 2}", "@UpSampling2D(size = {2, 3}) Layer a;"},
    {"upSampling2dBilinear", "{3, 3, 2}",
        "@UpSampling2D(size = 2, interpolation = UpSampling2D.Interpolation.BILINEAR) Layer a;"},
    {"permute", "{2, 3, 4}", "@Permute(dims = {3, 1, 2}) Layer a;"},
    {"permuteKeepLast", "{2, 3, 4}", "@Permute(dims = {2, 1, 3}) Layer a;"},
    {"repeatVector", "{4}", "@RepeatVector(n = 3) Layer a;"},
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
        + "import dev.kerac.annotations.layers.normalization.*;\n"
        + "import dev.kerac.annotations.layers.pooling.*;\n"
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
    if (layers.contains("Max")) {
      distinct(x, r);
    }
    float[][] dy = new float[batch][model.outputSize()];
    for (float[] row : dy) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextFloat() * 2 - 1;
      }
    }
    boolean training = name.endsWith("Training");
    model.forward(x, batch, training);
    model.backward(dy, batch);
    float[][] dx = copy(model.inputGradient(), batch);
    List<float[][]> grads = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      grads.add(p.trainable() ? copy(p.grad(), p.rows()) : null);
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < x[b].length; i++) {
        compare(name + " dx[" + b + "][" + i + "]", dx[b][i], numeric(model, x, dy, x[b], i, training));
      }
    }
    for (int k = 0; k < grads.size(); k++) {
      Parameter p = model.parameters().get(k);
      if (grads.get(k) == null) {
        continue; // non-trainable (moving statistics): no gradient
      }
      for (int row = 0; row < p.rows(); row++) {
        for (int col = 0; col < p.cols(); col++) {
          compare(name + " d" + p.path() + "[" + row + "][" + col + "]", grads.get(k)[row][col],
              numeric(model, x, dy, p.value()[row], col, training));
        }
      }
    }
  }

  /**
   * Replaces each row by a shuffle of values 0.05 apart (none within 0.025 of 0): a step of 1e-2
   * then never changes which input of a max window is the largest.
   */
  private static void distinct(float[][] x, Random r) {
    for (float[] row : x) {
      for (int i = 0; i < row.length; i++) {
        row[i] = -0.025f * (row.length - 1) + 0.05f * i;
      }
      for (int i = row.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        float t = row[i];
        row[i] = row[j];
        row[j] = t;
      }
    }
  }

  /** Central difference of L = sum(y * dy) with respect to {@code target[i]}. */
  private static double numeric(Model model, float[][] x, float[][] dy, float[] target, int i,
      boolean training) {
    float h = 1e-2f;
    float saved = target[i];
    target[i] = saved + h;
    double plus = loss(model, x, dy, training);
    target[i] = saved - h;
    double minus = loss(model, x, dy, training);
    target[i] = saved;
    return (plus - minus) / (2.0 * h);
  }

  private static double loss(Model model, float[][] x, float[][] dy, boolean training) {
    int batch = x.length;
    model.forward(x, batch, training);
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
