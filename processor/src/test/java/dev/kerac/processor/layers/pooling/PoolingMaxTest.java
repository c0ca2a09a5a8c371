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
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The max pooling paths: inference forward (maximum only), training forward (maximum and argmax)
 * and a backward pass after either, which must find the argmax itself after an inference pass.
 * Every geometry is checked against a direct reference written here from the definition (maximum
 * over the in-bounds cells, the gradient to the first maximum in row-major window order).
 */
class PoolingMaxTest {
  private static int counter;

  private static Model model(String shape, String layer) {
    String cls = "Max" + (counter++);
    String src = "package hand;\n"
        + "import dev.kerac.annotations.*;\n"
        + "import dev.kerac.annotations.layers.pooling.*;\n"
        + "@Sequential(input = @Input(shape = " + shape + "))\n"
        + "abstract class " + cls + " {\n  " + layer + " Layer a;\n}\n";
    return ModelCompiler.build("hand." + cls, src, 3, 1);
  }

  /** Height, width, channels, pool and stride per axis, same padding; and the annotation. */
  private record Geometry(int n, int m, int ch, int kh, int kw, int sh, int sw, boolean same, String layer) {}

  private static final Geometry[] GEOMETRIES = {
    // Unrolled windows (at most 3x3, never clipped); odd sizes leave cells outside every window.
    new Geometry(5, 7, 3, 2, 2, 2, 2, false, "@MaxPooling2D"),
    new Geometry(7, 6, 2, 3, 3, 2, 2, false, "@MaxPooling2D(poolSize = 3, strides = 2)"),
    new Geometry(5, 6, 1, 2, 3, 1, 2, false, "@MaxPooling2D(poolSize = {2, 3}, strides = {1, 2})"),
    new Geometry(1, 9, 4, 1, 2, 1, 2, false, "@MaxPooling1D"),
    // Loops over cells: clipped 'same' windows, or more than 9 cells.
    new Geometry(5, 5, 2, 3, 3, 2, 2, true, "@MaxPooling2D(poolSize = 3, strides = 2, padding = Padding.SAME)"),
    new Geometry(9, 8, 2, 4, 4, 4, 4, false, "@MaxPooling2D(poolSize = 4)"),
    new Geometry(1, 8, 3, 1, 3, 1, 2, true, "@MaxPooling1D(poolSize = 3, strides = 2, padding = Padding.SAME)"),
  };

  @Test
  void inferenceAndTrainingMatchTheReferenceWithTies() {
    Random r = new Random(3);
    // Few distinct values, signed zeros among them: many ties, and -0 == 0 ties.
    float[] values = {-1f, -0f, 0f, 1f, 2f};
    for (Geometry g : GEOMETRIES) {
      boolean oneD = g.layer.contains("1D");
      Model m = model(oneD ? "{" + g.m + ", " + g.ch + "}" : "{" + g.n + ", " + g.m + ", " + g.ch + "}", g.layer);
      int batch = 3;
      float[][] x = new float[batch][m.inputSize()];
      float[][] dy = new float[batch][m.outputSize()];
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < x[b].length; i++) {
          x[b][i] = values[r.nextInt(values.length)];
        }
        for (int o = 0; o < dy[b].length; o++) {
          dy[b][o] = 1 + r.nextInt(100); // distinct enough to tell cells apart, exact sums
        }
      }
      for (boolean training : new boolean[] {true, false}) {
        m.forward(x, batch, training);
        float[][] y = copy(m.output());
        m.backward(dy, batch);
        for (int b = 0; b < batch; b++) {
          float[] dx = new float[x[b].length];
          float[] expected = reference(g, x[b], dy[b], dx);
          String what = g.layer + " training " + training + " sample " + b;
          assertArrayEquals(expected, y[b], what + ": y"); // bit-exact, -0 differs from 0
          assertArrayEquals(dx, m.inputGradient()[b], what + ": dx");
        }
      }
    }
  }

  @Test
  void inferenceTiesGoToTheFirstMaximum() {
    Model m = model("{6, 1}", "@MaxPooling1D(poolSize = 2)");
    m.forward(new float[][] {{3, 3, 1, 1, 2, 5}}, 1, false);
    assertArrayEquals(new float[] {3, 1, 5}, m.output()[0], 0f);
    m.backward(new float[][] {{1, 2, 3}}, 1);
    assertArrayEquals(new float[] {1, 0, 2, 0, 0, 3}, m.inputGradient()[0], 0f);
    // 2x2 window, 2 channels: channel 0 all equal -> cell 0; channel 1 ties in cells 2 and 3 -> cell 2.
    Model m2 = model("{2, 2, 2}", "@MaxPooling2D");
    m2.forward(new float[][] {{4, 0, 4, 1, 4, 7, 4, 7}}, 1, false);
    assertArrayEquals(new float[] {4, 7}, m2.output()[0], 0f);
    m2.backward(new float[][] {{5, 6}}, 1);
    assertArrayEquals(new float[] {5, 0, 0, 0, 0, 6, 0, 0}, m2.inputGradient()[0], 0f);
  }

  @Test
  void nanGivesNanAndTheGradientGoesToTheMaximumBeforeIt() {
    // Math.max propagates NaN; no value is larger than NaN, so the argmax stays where it was when
    // the NaN came: the maximum of the cells before it. Unrolled (pool 3) and looped (pool 10).
    float nan = Float.NaN;
    Object[][] cases = {
      {"@MaxPooling1D(poolSize = 3)", new float[] {1, nan, 5}, new float[] {2, 0, 0}},
      {"@MaxPooling1D(poolSize = 3)", new float[] {nan, 1, 5}, new float[] {2, 0, 0}},
      {"@MaxPooling1D(poolSize = 10)", new float[] {1, 3, nan, 7, 0, 0, 0, 0, 0, 0}, new float[] {0, 2, 0, 0, 0, 0, 0, 0, 0, 0}},
    };
    for (Object[] c : cases) {
      float[] x = (float[]) c[1];
      Model m = model("{" + x.length + ", 1}", (String) c[0]);
      for (boolean training : new boolean[] {true, false}) {
        m.forward(new float[][] {x}, 1, training);
        assertTrue(Float.isNaN(m.output()[0][0]), c[0] + " training " + training + ": y is NaN");
        m.backward(new float[][] {{2}}, 1);
        assertArrayEquals((float[]) c[2], m.inputGradient()[0], 0f, c[0] + " training " + training + ": dx");
      }
    }
  }

  @Test
  void everyPathAllocatesNothingAndStaysUnderTheJitLimit() throws IOException {
    String layers = "@MaxPooling2D(poolSize = 3, strides = 1) Layer a; @MaxPooling2D Layer b;"
        + " @MaxPooling2D(poolSize = 4, strides = 1) Layer c; @Reshape(targetShape = {81, 16}) Layer r;"
        + " @MaxPooling1D(poolSize = 3) Layer d; @MaxPooling1D(poolSize = 2, padding = Padding.SAME) Layer e;";
    String cls = "MaxAll";
    String src = "package hand;\n"
        + "import dev.kerac.annotations.*;\n"
        + "import dev.kerac.annotations.layers.pooling.*;\n"
        + "import dev.kerac.annotations.layers.reshaping.*;\n"
        + "@Sequential(input = @Input(shape = {26, 26, 16}))\n"
        + "abstract class " + cls + " {\n  " + layers + "\n}\n";
    Model m = ModelCompiler.build("hand." + cls, src, 4, 1);
    float[][] x = new float[4][m.inputSize()];
    Random r = new Random(5);
    for (float[] row : x) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextFloat();
      }
    }
    float[][] dy = new float[4][m.outputSize()];
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 300; i++) {
      m.forward(x, 4, i % 2 == 0);
      m.backward(dy, 4);
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 50; i++) {
      m.forward(x, 4, true);
      m.backward(dy, 4);
      m.forward(x, 4, false);
      m.backward(dy, 4);
    }
    assertEquals(0, bean.getCurrentThreadAllocatedBytes() - before, "bytes allocated by forward/backward");

    Compilation c = ModelCompiler.compile("hand." + cls, src);
    List<Integer> sizes = new ArrayList<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.getName().contains("Kerac_" + cls)) {
        try (InputStream in = f.openInputStream()) {
          sizes.addAll(PoolingReshapingTest.codeLengths(new DataInputStream(in)));
        }
      }
    }
    assertTrue(sizes.size() > 12, "methods found: " + sizes.size());
    for (int size : sizes) {
      assertTrue(size < 8000, "a generated method has " + size + " bytes of bytecode");
    }
  }

  /**
   * The definition, computed directly: returns y and adds each output's dy into {@code dx} at the
   * window's first maximum. 'same' pads with cells that are never the maximum.
   */
  private static float[] reference(Geometry g, float[] x, float[] dy, float[] dx) {
    int outH = g.same ? (g.n + g.sh - 1) / g.sh : (g.n - g.kh) / g.sh + 1;
    int outW = g.same ? (g.m + g.sw - 1) / g.sw : (g.m - g.kw) / g.sw + 1;
    int padTop = g.same ? Math.max((outH - 1) * g.sh + g.kh - g.n, 0) / 2 : 0;
    int padLeft = g.same ? Math.max((outW - 1) * g.sw + g.kw - g.m, 0) / 2 : 0;
    float[] y = new float[outH * outW * g.ch];
    for (int i = 0; i < outH; i++) {
      for (int j = 0; j < outW; j++) {
        for (int c = 0; c < g.ch; c++) {
          int best = -1;
          float max = Float.NEGATIVE_INFINITY;
          for (int h = i * g.sh - padTop; h < i * g.sh - padTop + g.kh; h++) {
            for (int w = j * g.sw - padLeft; w < j * g.sw - padLeft + g.kw; w++) {
              if (h < 0 || h >= g.n || w < 0 || w >= g.m) {
                continue;
              }
              int at = (h * g.m + w) * g.ch + c;
              max = best < 0 ? x[at] : Math.max(max, x[at]);
              if (best < 0 || x[at] > x[best]) {
                best = at;
              }
            }
          }
          int o = (i * outW + j) * g.ch + c;
          y[o] = max;
          dx[best] += dy[o];
        }
      }
    }
    return y;
  }

  private static float[][] copy(float[][] rows) {
    float[][] c = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      c[i] = rows[i].clone();
    }
    return c;
  }
}
