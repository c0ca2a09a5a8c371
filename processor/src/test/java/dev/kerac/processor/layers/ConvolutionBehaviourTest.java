package dev.kerac.processor.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.LayerInfo;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.optimizers.Adam;
import dev.kerac.runtime.testing.Allocations;
import dev.kerac.runtime.testing.GoldenCase;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convolution family beyond the golden cases: no allocation per call in a CNN using every kind,
 * shapes and parameter counts as Keras reports them, groups as a block-diagonal kernel, and
 * Conv2DTranspose as the input gradient of Conv2D (KERAS_SEMANTICS §1.9).
 */
class ConvolutionBehaviourTest {
  private static final String IMPORTS = "import dev.kerac.annotations.*;\n"
      + "import dev.kerac.annotations.layers.core.*;\n"
      + "import dev.kerac.annotations.layers.reshaping.*;\n"
      + "import dev.kerac.annotations.layers.convolution.*;\n";

  private static Model build(String name, String shape, String layers, int capacity) {
    String src = "package cb;\n" + IMPORTS + "@Sequential(input = @Input(shape = " + shape + "))\n"
        + "abstract class " + name + " {\n" + layers + "\n}\n";
    return ModelCompiler.build("cb." + name, src, capacity, 3);
  }

  private static float[][] random(Random r, int rows, int cols) {
    float[][] x = new float[rows][cols];
    for (float[] row : x) {
      for (int i = 0; i < cols; i++) {
        row[i] = r.nextFloat() * 2 - 1;
      }
    }
    return x;
  }

  @Test
  void everyKindRunsForwardBackwardAndTrainingStepsWithoutAllocating() {
    Model m = build("AllKinds", "{12, 12, 1}", """
          @Conv2D(filters = 8, kernelSize = 3, activation = Activations.RELU) Layer c1;
          @Conv2D(filters = 16, kernelSize = 3, strides = 2, padding = Padding.SAME, activation = Activations.TANH) Layer c2;
          @Conv2D(filters = 8, kernelSize = 1, groups = 4) Layer grouped;
          @DepthwiseConv2D(kernelSize = 3, padding = Padding.SAME, depthMultiplier = 2) Layer dw;
          @SeparableConv2D(filters = 8, kernelSize = 2, activation = Activations.RELU) Layer sep;
          @Conv2DTranspose(filters = 4, kernelSize = 3, strides = 2, padding = Padding.SAME) Layer up;
          @Reshape(targetShape = {64, 4}) Layer seq;
          @Conv1D(filters = 4, kernelSize = 3, padding = Padding.CAUSAL, dilationRate = 2) Layer tcn;
          @Flatten Layer flat;
          @Dense(units = 10, activation = Activations.SOFTMAX) Layer out;
        """, 8);
    Random r = new Random(1);
    float[][] x = random(r, 8, 144);
    float[][] y = new float[8][10];
    for (int b = 0; b < 8; b++) {
      y[b][b % 10] = 1f;
    }
    float[] in = x[0].clone();
    float[] out = new float[10];
    assertEquals(0, Allocations.leastBytes(() -> m.predict(in, out), 100), "predict");
    assertEquals(0, Allocations.leastBytes(() -> m.forward(x, 8, true), 50), "forward");
    m.forward(x, 8, true);
    assertEquals(0, Allocations.leastBytes(() -> m.backward(y, 8), 50), "backward");
    m.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY);
    assertEquals(0, Allocations.leastBytes(() -> m.trainer().trainOnBatch(x, y, null, 8), 50), "trainOnBatch");
  }

  @Test
  void shapesAndParameterCountsAsKerasReportsThem() {
    // The Keras summary of the Fashion-MNIST CNN: 320, 18,496, 204,928 and 1,290 parameters.
    Model cnn = build("Cnn", "{28, 28, 1}", """
          @Conv2D(filters = 32, kernelSize = 3, activation = Activations.RELU) Layer c1;
          @Conv2D(filters = 64, kernelSize = 3, strides = 2, activation = Activations.RELU) Layer c2;
          @Conv2D(filters = 64, kernelSize = {1, 1}) Layer c3;
          @Flatten Layer flat;
          @Dense(units = 128) Layer d;
        """, 1);
    List<LayerInfo> l = cnn.layers();
    assertArrayEquals(new int[] {26, 26, 32}, l.get(0).outputShape());
    assertEquals(320, l.get(0).params());
    assertArrayEquals(new int[] {12, 12, 64}, l.get(1).outputShape());
    assertEquals(18_496, l.get(1).params());
    assertEquals(64 * 64 + 64, l.get(2).params());
    assertArrayEquals(new int[] {12 * 12 * 64}, l.get(3).outputShape());

    Model other = build("Others", "{7, 5, 3}", """
          @DepthwiseConv2D(kernelSize = 3, padding = Padding.SAME, strides = 2, depthMultiplier = 2) Layer dw;
          @SeparableConv2D(filters = 4, kernelSize = {2, 3}, depthMultiplier = 3, padding = Padding.SAME) Layer sep;
          @Conv2DTranspose(filters = 5, kernelSize = 3, strides = 2) Layer up;
          @Conv2DTranspose(filters = 2, kernelSize = 4, strides = 2, padding = Padding.SAME) Layer up2;
        """, 1);
    l = other.layers();
    assertArrayEquals(new int[] {4, 3, 6}, l.get(0).outputShape());
    assertEquals(3 * 3 * 3 * 2 + 6, l.get(0).params());
    assertArrayEquals(new int[] {4, 3, 4}, l.get(1).outputShape());
    assertEquals(2 * 3 * 6 * 3 + 18 * 4 + 4, l.get(1).params());
    // valid: (n - 1) * s + max(k, s) = 3 * 2 + 3 and 2 * 2 + 3
    assertArrayEquals(new int[] {9, 7, 5}, l.get(2).outputShape());
    assertEquals(3 * 3 * 5 * 4 + 5, l.get(2).params());
    assertArrayEquals(new int[] {18, 14, 2}, l.get(3).outputShape());
    assertEquals("[dw/kernel[3, 3, 3, 2], dw/bias[6], sep/depthwise_kernel[2, 3, 6, 3], "
        + "sep/pointwise_kernel[1, 1, 18, 4], sep/bias[4], up/kernel[3, 3, 5, 4], up/bias[5], "
        + "up2/kernel[4, 4, 2, 5], up2/bias[2]]", other.parameters().toString());
  }

  @Test
  void groupsAreABlockDiagonalKernel() {
    String layer = "@Conv2D(filters = 6, kernelSize = 2, padding = Padding.SAME, groups = %d) Layer c;";
    Model grouped = build("Grouped", "{4, 5, 4}", String.format(layer, 2), 2);
    Model full = build("Full", "{4, 5, 4}", String.format(layer, 1), 2);
    Random r = new Random(2);
    float[] kg = random(r, 1, 2 * 2 * 2 * 6)[0]; // [2, 2, 2, 6]
    float[] bias = random(r, 1, 6)[0];
    float[] kf = new float[2 * 2 * 4 * 6]; // [2, 2, 4, 6]: input channel q feeds filter f iff q / 2 == f / 3
    for (int t = 0; t < 4; t++) {
      for (int q = 0; q < 4; q++) {
        for (int f = 0; f < 6; f++) {
          kf[(t * 4 + q) * 6 + f] = q / 2 == f / 3 ? kg[(t * 2 + q % 2) * 6 + f] : 0f;
        }
      }
    }
    grouped.parameters().get(0).set(kg);
    grouped.parameters().get(1).set(bias);
    full.parameters().get(0).set(kf);
    full.parameters().get(1).set(bias);
    float[][] x = random(r, 2, 4 * 5 * 4);
    float[][] dy = random(r, 2, 4 * 5 * 6);
    grouped.forward(x, 2, false);
    full.forward(x, 2, false);
    grouped.backward(dy, 2);
    full.backward(dy, 2);
    for (int b = 0; b < 2; b++) {
      assertArrayEquals(full.output()[b], grouped.output()[b], 1e-5f, "y");
      assertArrayEquals(full.inputGradient()[b], grouped.inputGradient()[b], 1e-5f, "dx");
    }
    float[][] dkg = grouped.parameters().get(0).grad();
    for (int t = 0; t < 4; t++) {
      for (int q = 0; q < 4; q++) {
        for (int f = 0; f < 6; f++) {
          if (q / 2 == f / 3) {
            float expected = full.parameters().get(0).grad()[t * 4 + q][f];
            assertEquals(expected, dkg[t * 2 + q % 2][f], 1e-5f, "dkernel");
          }
        }
      }
    }
  }

  /**
   * Conv2DTranspose(x) with kernel K [kh, kw, F, C] equals the input gradient of a Conv2D with the same
   * strides/padding whose kernel is K read as [kh, kw, in = F, out = C], back-propagating dy = x.
   */
  @Test
  void transposeIsTheInputGradientOfConv2D() {
    String[][] configs = {
      // input, kernelSize, strides, padding, dilation, filters
      {"{3, 4, 2}", "3", "2", "SAME", "1", "3"},
      {"{3, 3, 3}", "4", "2", "SAME", "1", "9"},
      {"{3, 4, 2}", "3", "2", "VALID", "1", "2"},
      {"{2, 3, 2}", "2", "3", "VALID", "1", "8"},
      {"{4, 4, 2}", "3", "1", "SAME", "2", "3"},
    };
    int n = 0;
    for (String[] c : configs) {
      n++;
      String args = "kernelSize = " + c[1] + ", strides = " + c[2] + ", padding = Padding." + c[3]
          + ", dilationRate = " + c[4] + ", useBias = false";
      int[] in = parse(c[0]);
      int filters = Integer.parseInt(c[5]);
      Model t = build("Transpose" + n, c[0],
          "@Conv2DTranspose(filters = " + filters + ", " + args + ") Layer t;", 2);
      int[] out = t.outputShape();
      Model conv = build("Forward" + n, "{" + out[0] + ", " + out[1] + ", " + filters + "}",
          "@Conv2D(filters = " + in[2] + ", " + args + ") Layer c;", 2);
      assertArrayEquals(in, conv.outputShape(), "Conv2D maps the transposed output back to the input shape");
      Random r = new Random(n);
      float[] k = random(r, 1, t.parameters().get(0).size())[0];
      t.parameters().get(0).set(k);
      conv.parameters().get(0).set(k);
      float[][] x = random(r, 2, t.inputSize());
      t.forward(x, 2, false);
      conv.forward(new float[2][conv.inputSize()], 2, false);
      conv.backward(x, 2);
      for (int b = 0; b < 2; b++) {
        assertArrayEquals(conv.inputGradient()[b], t.output()[b], 1e-5f, "config " + n + " sample " + b);
      }
    }
  }

  /**
   * A plain reference of KERAS_SEMANTICS §1.7/§1.8 (zero padding, cross-correlation) against the
   * generated Conv2D on inputs and upstream gradients with many exact zeros, which the generated code
   * skips: y, dx, dkernel and dbias must agree.
   */
  @Test
  void conv2dMatchesAReferenceOnSparseInputs() {
    int[][] configs = {
      // H, W, C, F, kh, kw, sh, sw, dh, dw, same
      {6, 7, 1, 4, 3, 3, 1, 1, 1, 1, 0},
      {6, 7, 5, 6, 3, 2, 2, 2, 1, 1, 1},
      {7, 6, 9, 3, 2, 3, 1, 1, 2, 1, 1},
      {5, 5, 4, 8, 1, 1, 1, 1, 1, 1, 0},
    };
    for (int n = 0; n < configs.length; n++) {
      int[] g = configs[n];
      int h = g[0], w = g[1], c = g[2], f = g[3], kh = g[4], kw = g[5], sh = g[6], sw = g[7], dh = g[8], dw = g[9];
      boolean same = g[10] == 1;
      Model m = build("Sparse" + n, "{" + h + ", " + w + ", " + c + "}", "@Conv2D(filters = " + f
          + ", kernelSize = {" + kh + ", " + kw + "}, strides = {" + sh + ", " + sw + "}, dilationRate = {"
          + dh + ", " + dw + "}, padding = Padding." + (same ? "SAME" : "VALID") + ") Layer c;", 2);
      int oh = m.outputShape()[0];
      int ow = m.outputShape()[1];
      int spanH = dh * (kh - 1) + 1;
      int spanW = dw * (kw - 1) + 1;
      assertEquals(same ? (h - 1) / sh + 1 : (h - spanH) / sh + 1, oh);
      assertEquals(same ? (w - 1) / sw + 1 : (w - spanW) / sw + 1, ow);
      int pt = same ? Math.max((oh - 1) * sh + spanH - h, 0) / 2 : 0;
      int pl = same ? Math.max((ow - 1) * sw + spanW - w, 0) / 2 : 0;
      Random r = new Random(10 + n);
      float[][] x = sparse(r, 2, h * w * c);
      float[][] dy = sparse(r, 2, oh * ow * f);
      float[] k = random(r, 1, kh * kw * c * f)[0];
      float[] bias = random(r, 1, f)[0];
      m.parameters().get(0).set(k);
      m.parameters().get(1).set(bias);
      m.forward(x, 2, false);
      m.backward(dy, 2);
      double[] dk = new double[k.length];
      double[] db = new double[f];
      for (int b = 0; b < 2; b++) {
        double[] y = new double[oh * ow * f];
        double[] dx = new double[h * w * c];
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            for (int o = 0; o < f; o++) {
              double sum = bias[o];
              double g0 = dy[b][(i * ow + j) * f + o];
              db[o] += g0;
              for (int a = 0; a < kh; a++) {
                for (int e = 0; e < kw; e++) {
                  int ii = i * sh + a * dh - pt;
                  int jj = j * sw + e * dw - pl;
                  if (ii < 0 || ii >= h || jj < 0 || jj >= w) {
                    continue;
                  }
                  for (int q = 0; q < c; q++) {
                    int ki = ((a * kw + e) * c + q) * f + o;
                    int xi = (ii * w + jj) * c + q;
                    sum += x[b][xi] * (double) k[ki];
                    dx[xi] += g0 * k[ki];
                    dk[ki] += g0 * x[b][xi];
                  }
                }
              }
              y[(i * ow + j) * f + o] = sum;
            }
          }
        }
        assertClose("config " + n + " y", y, m.output()[b]);
        assertClose("config " + n + " dx", dx, m.inputGradient()[b]);
      }
      assertClose("config " + n + " dkernel", dk, GoldenCase.flat(m.parameters().get(0).grad(), m.parameters().get(0).rows()));
      assertClose("config " + n + " dbias", db, m.parameters().get(1).grad()[0]);
    }
  }

  /** Values in [-1, 1), about half of them exactly zero. */
  private static float[][] sparse(Random r, int rows, int cols) {
    float[][] x = random(r, rows, cols);
    for (float[] row : x) {
      for (int i = 0; i < cols; i++) {
        if (r.nextBoolean()) {
          row[i] = 0f;
        }
      }
    }
    return x;
  }

  private static void assertClose(String what, double[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), what + "[" + i + "]");
    }
  }

  private static int[] parse(String braces) {
    String[] parts = braces.replaceAll("[{} ]", "").split(",");
    int[] v = new int[parts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Integer.parseInt(parts[i]);
    }
    return v;
  }
}
