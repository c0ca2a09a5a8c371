package dev.kerac.processor.layers.pooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.sun.management.ThreadMXBean;
import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.model.Model;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed checks of the pooling and reshaping kinds, for the cases the golden files do not
 * cover: the KERAS_SEMANTICS examples (§1.12, §1.21, Appendix A), Cropping2D, Permute, RepeatVector,
 * ties in max pooling, capacity growth, and the generated code's allocation and method sizes.
 * Expected numbers are worked out by hand from the Keras definitions.
 */
class PoolingReshapingTest {
  private static int counter;

  private static String source(String cls, String shape, String layers) {
    return "package hand;\n"
        + "import dev.kerac.annotations.*;\n"
        + "import dev.kerac.annotations.layers.core.*;\n"
        + "import dev.kerac.annotations.layers.pooling.*;\n"
        + "import dev.kerac.annotations.layers.reshaping.*;\n"
        + "@Sequential(input = @Input(shape = " + shape + "))\n"
        + "abstract class " + cls + " {\n  " + layers + "\n}\n";
  }

  private static Model model(String shape, String layers, int capacity) {
    String cls = "Hand" + (counter++);
    return ModelCompiler.build("hand." + cls, source(cls, shape, layers), capacity, 1);
  }

  private static float[] range(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  /** One sample forward; returns its output row. */
  private static float[] forward(Model m, float[] x) {
    m.forward(new float[][] {x}, 1, true);
    return m.output()[0].clone();
  }

  /** One sample backward (after {@link #forward}); returns dL/dx. */
  private static float[] backward(Model m, float[] dy) {
    m.backward(new float[][] {dy}, 1);
    return m.inputGradient()[0].clone();
  }

  @Test
  void averagePoolingSameAppendixA() {
    // KERAS_SEMANTICS Appendix A: AveragePooling2D(2, strides=1, padding="same") on 4x4 0..15.
    Model m = model("{4, 4, 1}", "@AveragePooling2D(poolSize = 2, strides = 1, padding = Padding.SAME) Layer a;", 1);
    assertArrayEquals(new int[] {4, 4, 1}, m.outputShape());
    assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f, 5, 6.5f, 7.5f, 8.5f, 9, 10.5f, 11.5f, 12.5f, 13,
        12.5f, 13.5f, 14.5f, 15}, forward(m, range(16)), 1e-6f);
    // Backward: dy = 1 everywhere; cell (r, c) gets 1/count of every window covering it. Windows
    // start at (r', c') in {r-1, r} x {c-1, c}; counts are 4 inside, 2 on the last row/column, 1 at
    // the corner (3, 3). Cell (0, 0): only window (0, 0), count 4 -> 0.25.
    // Cell (3, 3): windows (2,2) 4, (2,3) 2, (3,2) 2, (3,3) 1 -> 1/4 + 1/2 + 1/2 + 1 = 2.25.
    float[] dx = backward(m, ones(16));
    assertEquals(0.25f, dx[0], 1e-6f);
    assertEquals(0.5f, dx[1], 1e-6f); // windows (0,0) and (0,1), both count 4
    assertEquals(2.25f, dx[15], 1e-6f);
    assertEquals(1.0f, dx[5], 1e-6f); // four interior windows of count 4
    assertEquals(16f, sum(dx), 1e-5f); // each of the 16 windows hands out exactly its dy
  }

  @Test
  void averagePoolingSameSection112() {
    // KERAS_SEMANTICS §1.12: 3x3 input 0..8, pool 2, stride 2, same -> [[2, 3.5], [6.5, 8]].
    Model m = model("{3, 3, 1}", "@AveragePooling2D(poolSize = 2, strides = 2, padding = Padding.SAME) Layer a;", 1);
    assertArrayEquals(new float[] {2, 3.5f, 6.5f, 8}, forward(m, range(9)), 1e-6f);
    // dy = (1, 2, 3, 4): window (0,0) has 4 cells, (0,1) 2, (1,0) 2, (1,1) 1.
    assertArrayEquals(new float[] {0.25f, 0.25f, 1, 0.25f, 0.25f, 1, 1.5f, 1.5f, 4},
        backward(m, new float[] {1, 2, 3, 4}), 1e-6f);
  }

  @Test
  void maxPoolingTiesGoToTheFirstMaximum() {
    Model m = model("{6, 1}", "@MaxPooling1D(poolSize = 2) Layer a;", 1);
    assertArrayEquals(new float[] {3, 1, 5}, forward(m, new float[] {3, 3, 1, 1, 2, 5}), 0f);
    assertArrayEquals(new float[] {1, 0, 2, 0, 0, 3}, backward(m, new float[] {1, 2, 3}), 0f);
  }

  @Test
  void maxPoolingSamePadsWithMinusInfinity() {
    // All inputs negative: a zero padding would win the edge windows; -infinity never does.
    Model m = model("{3, 1}", "@MaxPooling1D(poolSize = 2, padding = Padding.SAME) Layer a;", 1);
    // n = 3, s = 2: out 2, padding total 1, after; windows {0, 1} and {2, pad}.
    assertArrayEquals(new float[] {-1, -3}, forward(m, new float[] {-2, -1, -3}), 0f);
  }

  @Test
  void globalPoolingKeepdims() {
    Model m = model("{2, 2, 2}", "@GlobalMaxPooling2D(keepdims = true) Layer a;", 1);
    assertArrayEquals(new int[] {1, 1, 2}, m.outputShape());
    // Channel 0 holds 0, 2, 4, 6; channel 1 holds 7, 5, 3, 1.
    assertArrayEquals(new float[] {6, 7}, forward(m, new float[] {0, 7, 2, 5, 4, 3, 6, 1}), 0f);
    assertArrayEquals(new float[] {0, 2, 0, 0, 0, 0, 1, 0}, backward(m, new float[] {1, 2}), 0f);
    Model avg = model("{3, 2}", "@GlobalAveragePooling1D(keepdims = true) Layer a;", 1);
    assertArrayEquals(new int[] {1, 2}, avg.outputShape());
    assertArrayEquals(new float[] {2, 3}, forward(avg, range(6)), 1e-6f);
  }

  @Test
  void upSamplingBilinearSection121() {
    // KERAS_SEMANTICS §1.21: [0, 1, 2, 4] upsampled x2 -> [0, .25, .75, 1.25, 1.75, 2.5, 3.5, 4].
    Model m = model("{1, 4, 1}",
        "@UpSampling2D(size = {1, 2}, interpolation = UpSampling2D.Interpolation.BILINEAR) Layer a;", 1);
    assertArrayEquals(new float[] {0, .25f, .75f, 1.25f, 1.75f, 2.5f, 3.5f, 4},
        forward(m, new float[] {0, 1, 2, 4}), 1e-6f);
    // Weights per output (from the source positions -0.25 -> 0, 0.25, 0.75, ..., 3.25 -> 3):
    // x0: 1 + .75 + .25; x1: .25 + .75 + .75 + .25; x2 likewise; x3: .25 + .75 + 1.
    assertArrayEquals(new float[] {2, 2, 2, 2}, backward(m, ones(8)), 1e-6f);
  }

  @Test
  void upSamplingNearestRepeatsPixels() {
    Model m = model("{2, 2, 1}", "@UpSampling2D(size = {1, 2}) Layer a;", 1);
    assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 4, 4}, forward(m, new float[] {1, 2, 3, 4}), 0f);
    // dy = 0..7: each input pixel sums its pair (0 + 1, 2 + 3, 4 + 5, 6 + 7).
    assertArrayEquals(new float[] {1, 5, 9, 13}, backward(m, range(8)), 0f);
  }

  @Test
  void cropping2d() {
    // (4, 5, 2), value = index; cropping {1, 2}: rows 1..2, column 2 -> indices 14, 15, 24, 25.
    Model m = model("{4, 5, 2}", "@Cropping2D(cropping = {1, 2}) Layer a;", 1);
    assertArrayEquals(new int[] {2, 1, 2}, m.outputShape());
    assertArrayEquals(new float[] {14, 15, 24, 25}, forward(m, range(40)), 0f);
    float[] expected = new float[40];
    expected[14] = 1;
    expected[15] = 2;
    expected[24] = 3;
    expected[25] = 4;
    assertArrayEquals(expected, backward(m, new float[] {1, 2, 3, 4}), 0f);
  }

  @Test
  void cropping2dFourSides() {
    // (3, 4, 1) 0..11, ((top 1, bottom 0), (left 1, right 2)): rows 1..2, column 1 -> 5, 9.
    Model m = model("{3, 4, 1}", "@Cropping2D(cropping = {1, 0, 1, 2}) Layer a;", 1);
    assertArrayEquals(new float[] {5, 9}, forward(m, range(12)), 0f);
  }

  @Test
  void zeroPaddingForms() {
    // {1}: every side; a 1x1 image becomes 3x3 with the value in the middle.
    Model one = model("{1, 1, 1}", "@ZeroPadding2D Layer a;", 1);
    assertArrayEquals(new float[] {0, 0, 0, 0, 7, 0, 0, 0, 0}, forward(one, new float[] {7}), 0f);
    // {1, 0}: a row above and below, no columns.
    Model rows = model("{1, 2, 1}", "@ZeroPadding2D(padding = {1, 0}) Layer a;", 1);
    assertArrayEquals(new int[] {3, 2, 1}, rows.outputShape());
    assertArrayEquals(new float[] {0, 0, 5, 6, 0, 0}, forward(rows, new float[] {5, 6}), 0f);
    assertArrayEquals(new float[] {2, 3}, backward(rows, range(6)), 0f);
  }

  @Test
  void permuteSwapsAxes() {
    Model m = model("{2, 3}", "@Permute(dims = {2, 1}) Layer a;", 1);
    assertArrayEquals(new int[] {3, 2}, m.outputShape());
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, forward(m, range(6)), 0f);
    assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, backward(m, range(6)), 0f);
  }

  @Test
  void permuteRank3() {
    // Input (2, 3, 4), dims {3, 1, 2}: out (4, 2, 3), out[a][b][c] = in[b][c][a].
    Model m = model("{2, 3, 4}", "@Permute(dims = {3, 1, 2}) Layer a;", 1);
    assertArrayEquals(new int[] {4, 2, 3}, m.outputShape());
    float[] y = forward(m, range(24));
    float[] dx = backward(m, range(24));
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 2; b++) {
        for (int c = 0; c < 3; c++) {
          int out = (a * 2 + b) * 3 + c;
          int in = (b * 3 + c) * 4 + a;
          assertEquals(in, y[out], 0f);
          assertEquals(out, dx[in], 0f);
        }
      }
    }
  }

  @Test
  void repeatVector() {
    Model m = model("{3}", "@RepeatVector(n = 2) Layer a;", 1);
    assertArrayEquals(new int[] {2, 3}, m.outputShape());
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, forward(m, new float[] {1, 2, 3}), 0f);
    assertArrayEquals(new float[] {5, 7, 9}, backward(m, new float[] {1, 2, 3, 4, 5, 6}), 0f);
  }

  @Test
  void maxPoolingAfterTheCapacityGrew() {
    Model m = model("{4, 1}", "@MaxPooling1D Layer a; @GlobalMaxPooling1D Layer g;", 1);
    m.ensureCapacity(3);
    float[][] x = {{1, 2, 3, 4}, {8, 7, 6, 5}, {0, 9, 1, 2}};
    m.forward(x, 3, true);
    assertEquals(4f, m.output()[0][0]);
    assertEquals(8f, m.output()[1][0]);
    assertEquals(9f, m.output()[2][0]);
    m.backward(new float[][] {{1}, {2}, {3}}, 3);
    assertArrayEquals(new float[] {0, 0, 0, 1}, m.inputGradient()[0], 0f);
    assertArrayEquals(new float[] {2, 0, 0, 0}, m.inputGradient()[1], 0f);
    assertArrayEquals(new float[] {0, 3, 0, 0}, m.inputGradient()[2], 0f);
  }

  private static final String EVERY_KIND = "@ZeroPadding2D(padding = {1, 2, 0, 1}) Layer pad;\n"
      + "  @MaxPooling2D(poolSize = 3, strides = 2, padding = Padding.SAME) Layer pool;\n"
      + "  @AveragePooling2D(poolSize = 2, strides = 1, padding = Padding.SAME) Layer avg;\n"
      + "  @UpSampling2D(size = {2, 3}, interpolation = UpSampling2D.Interpolation.BILINEAR) Layer up;\n"
      + "  @UpSampling2D Layer up2;\n"
      + "  @Cropping2D(cropping = {1, 2}) Layer crop;\n"
      + "  @Permute(dims = {2, 1, 3}) Layer perm;\n"
      + "  @GlobalMaxPooling2D Layer gmax;\n"
      + "  @RepeatVector(n = 4) Layer rep;\n"
      + "  @MaxPooling1D(padding = Padding.SAME) Layer pool1;\n"
      + "  @AveragePooling1D(poolSize = 2) Layer avg1;\n"
      + "  @GlobalAveragePooling1D Layer gavg;\n";

  @Test
  void everyKindAllocatesNothingPerCall() {
    Model m = model("{28, 28, 3}", EVERY_KIND, 8);
    float[][] x = new float[8][m.inputSize()];
    for (int b = 0; b < 8; b++) {
      for (int i = 0; i < x[b].length; i++) {
        x[b][i] = ((b * 31 + i * 7) % 101) / 101f;
      }
    }
    float[][] dy = new float[8][m.outputSize()];
    for (float[] row : dy) {
      java.util.Arrays.fill(row, 0.5f);
    }
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 200; i++) {
      m.forward(x, 8, true);
      m.backward(dy, 8);
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 50; i++) {
      m.forward(x, 8, true);
      m.backward(dy, 8);
      m.forward(x, 8, false);
    }
    assertEquals(0, bean.getCurrentThreadAllocatedBytes() - before, "bytes allocated by forward/backward");
  }

  @Test
  void generatedMethodsStayUnderTheJitLimit() throws IOException {
    // Loops, not unrolled code: even for large tensors every method is far below HugeMethodLimit (8000).
    String cls = "HandBig";
    Compilation c = ModelCompiler.compile("hand." + cls, source(cls, "{224, 224, 64}", EVERY_KIND));
    List<Integer> sizes = new ArrayList<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.getName().contains("Kerac_" + cls)) {
        try (InputStream in = f.openInputStream()) {
          sizes.addAll(codeLengths(new DataInputStream(in)));
        }
      }
    }
    assertTrue(sizes.size() > 24, "forward and backward methods found: " + sizes.size());
    for (int size : sizes) {
      assertTrue(size < 8000, "a generated method has " + size + " bytes of bytecode");
    }
  }

  /** The code length of every method of a class file (JVMS §4). */
  static List<Integer> codeLengths(DataInputStream in) throws IOException {
    in.readInt(); // magic
    in.readInt(); // minor, major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++; // 8-byte constants take two slots
        }
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        default -> throw new IOException("constant tag " + tag);
      }
    }
    in.skipNBytes(6); // access, this, super
    in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
    List<Integer> sizes = new ArrayList<>();
    for (int group = 0; group < 2; group++) { // fields, then methods
      int members = in.readUnsignedShort();
      for (int m = 0; m < members; m++) {
        in.skipNBytes(6); // access, name, descriptor
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String name = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (group == 1 && name.equals("Code")) {
            in.skipNBytes(4); // max stack, max locals
            sizes.add(in.readInt());
            in.skipNBytes(length - 8);
          } else {
            in.skipNBytes(length);
          }
        }
      }
    }
    return sizes;
  }

  private static float[] ones(int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, 1f);
    return v;
  }

  private static float sum(float[] v) {
    float s = 0;
    for (float f : v) {
      s += f;
    }
    return s;
  }
}
