package dev.kerac.processor.layers.reshaping;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.layers.pooling.Windows;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;
import java.util.Locale;

/**
 * Keras {@code UpSampling2D} (KERAS_SEMANTICS §1.21), channels last. {@code nearest}: each input
 * pixel fills an {@code sh × sw} block, built once per input row and copied {@code sh - 1} times;
 * backward sums each block. {@code bilinear}: output pixel {@code (i, j)} reads the source position
 * {@code ((i + 0.5) / sh - 0.5, (j + 0.5) / sw - 0.5)}, clamped to the input, between its four
 * neighbours (Keras's JAX resize with half-pixel centres); backward spreads {@code dy} with the same
 * four weights.
 */
public final class UpSampling2DKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.reshaping.UpSampling2D";
  }

  @Override
  public String kerasType() {
    return "UpSampling2D";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Windows.perAxis(a, "size", 2, "height, width", report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    if (!Checks.spatialInput(layer, kerasType(), input, 2, report)) {
      return null;
    }
    int[] size = Windows.perAxis(a, "size", 2);
    return new Shape(input.dim(0) * size[0], input.dim(1) * size[1], input.dim(2));
  }

  private static boolean bilinear(AnnotationReader a) {
    return a.getEnum("interpolation").equals("BILINEAR");
  }

  @Override
  public String describe(LayerNode layer) {
    int[] size = Windows.perAxis(layer.annotation(), "size", 2);
    return "size " + size[0] + "x" + size[1] + ", "
        + layer.annotation().getEnum("interpolation").toLowerCase(Locale.ROOT);
  }

  @Override
  public void forward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int[] size = Windows.perAxis(a, "size", 2);
    Shape in = c.inShape();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    if (bilinear(a)) {
      bilinear(code, in, size, true);
    } else {
      nearestForward(code, in.dim(0), in.dim(1), in.dim(2), size[0], size[1]);
    }
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int[] size = Windows.perAxis(a, "size", 2);
    Shape in = c.inShape();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.addStatement("$T.fill(dx, 0f)", Arrays.class);
    if (bilinear(a)) {
      bilinear(code, in, size, false);
    } else {
      nearestBackward(code, in.dim(0), in.dim(1), in.dim(2), size[0], size[1]);
    }
    code.endControlFlow();
  }

  private static void nearestForward(com.palantir.javapoet.CodeBlock.Builder code, int h, int w, int ch,
      int sh, int sw) {
    int outRow = w * sw * ch;
    code.beginControlFlow("for (int h = 0; h < $L; h++)", h);
    code.addStatement("int row = h * $L", sh * outRow);
    // Build the first output row of this input row, then repeat it.
    code.beginControlFlow("for (int w = 0; w < $L; w++)", w);
    code.addStatement("int q = (h * $L + w) * $L", w, ch);
    code.beginControlFlow("for (int r = 0; r < $L; r++)", sw);
    code.addStatement("int o = row + (w * $L + r) * $L", sw, ch);
    code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
        .addStatement("y[o + c] = x[q + c]")
        .endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    if (sh > 1) {
      code.beginControlFlow("for (int r = 1; r < $L; r++)", sh)
          .addStatement("$T.arraycopy(y, row, y, row + r * $L, $L)", System.class, outRow, outRow)
          .endControlFlow();
    }
    code.endControlFlow();
  }

  private static void nearestBackward(com.palantir.javapoet.CodeBlock.Builder code, int h, int w, int ch,
      int sh, int sw) {
    int outW = w * sw;
    // Each input pixel receives the sum of its sh x sw block.
    code.beginControlFlow("for (int i = 0; i < $L; i++)", h * sh);
    code.addStatement("int row = (i / $L) * $L", sh, w * ch);
    code.beginControlFlow("for (int j = 0; j < $L; j++)", outW);
    code.addStatement("int q = row + (j / $L) * $L", sw, ch);
    code.addStatement("int o = (i * $L + j) * $L", outW, ch);
    code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
        .addStatement("dx[q + c] += dy[o + c]")
        .endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
  }

  /**
   * Bilinear forward ({@code y} from {@code x}) or backward ({@code dx} from {@code dy}). Per axis:
   * {@code src = max((i + 0.5) / s - 0.5, 0)}, {@code lo = (int) src}, {@code hi = min(lo + 1, n - 1)},
   * weight of {@code hi} = {@code src - lo}. At the far edge {@code lo == hi}, so the weights still
   * sum to one (JAX renormalizes the in-bounds weights, which is the same).
   */
  private static void bilinear(com.palantir.javapoet.CodeBlock.Builder code, Shape in, int[] size, boolean forward) {
    int h = in.dim(0);
    int w = in.dim(1);
    int ch = in.dim(2);
    int outW = w * size[1];
    code.beginControlFlow("for (int i = 0; i < $L; i++)", h * size[0]);
    code.addStatement("float sy = Math.max((i + 0.5f) / $L - 0.5f, 0f)", size[0]);
    code.addStatement("int y0 = (int) sy");
    code.addStatement("int y1 = Math.min(y0 + 1, $L)", h - 1);
    code.addStatement("float fy = sy - y0");
    code.beginControlFlow("for (int j = 0; j < $L; j++)", outW);
    code.addStatement("float sx = Math.max((j + 0.5f) / $L - 0.5f, 0f)", size[1]);
    code.addStatement("int x0 = (int) sx");
    code.addStatement("int x1 = Math.min(x0 + 1, $L)", w - 1);
    code.addStatement("float fx = sx - x0");
    code.addStatement("float w00 = (1 - fy) * (1 - fx), w01 = (1 - fy) * fx, w10 = fy * (1 - fx), w11 = fy * fx");
    code.addStatement("int q00 = (y0 * $L + x0) * $L, q01 = (y0 * $L + x1) * $L", w, ch, w, ch);
    code.addStatement("int q10 = (y1 * $L + x0) * $L, q11 = (y1 * $L + x1) * $L", w, ch, w, ch);
    code.addStatement("int o = (i * $L + j) * $L", outW, ch);
    code.beginControlFlow("for (int c = 0; c < $L; c++)", ch);
    if (forward) {
      code.addStatement("y[o + c] = w00 * x[q00 + c] + w01 * x[q01 + c] + w10 * x[q10 + c] + w11 * x[q11 + c]");
    } else {
      code.addStatement("float g = dy[o + c]");
      code.addStatement("dx[q00 + c] += w00 * g");
      code.addStatement("dx[q01 + c] += w01 * g");
      code.addStatement("dx[q10 + c] += w10 * g");
      code.addStatement("dx[q11 + c] += w11 * g");
    }
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
  }
}
