package dev.kerac.processor.layers.convolution;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.ActivationSpec;
import java.util.Arrays;

/**
 * Code shapes shared by the convolution kinds. Samples are NHWC rows ({@code float[H*W*C]}); every
 * hot loop runs over contiguous channels with the same index on every array it touches
 * ({@code acc[f] += x * w[f]} over a kernel row of filters), so the JIT vectorizes it. Per-position
 * sums go to a scratch row that is copied into the sample row afterwards, never accumulated at an
 * offset into the sample row (which the JIT would leave scalar). Scratch is declared once per model.
 *
 * <p>The loop nest over output positions and kernel taps is {@link #loops}: it declares {@code o} (the
 * outer position, {@code i * cols + j}), {@code t} (the tap, {@code a * kw + e}) and {@code p} (the
 * position the tap lands on), skipping taps that land in the padding.
 */
final class ConvCode {
  private ConvCode() {}

  static final TypeName FLOATS = ArrayTypeName.of(float.class);
  static final TypeName ROWS = ArrayTypeName.of(ArrayTypeName.of(float.class));

  /** A scratch row {@code float[n]} field. */
  static String scratch(LayerCode c, String role, int n) {
    return c.field(role, FLOATS, CodeBlock.of("new float[$L]", n));
  }

  /** A scratch {@code float[rows][cols]} field. */
  static String scratchRows(LayerCode c, String role, int rows, int cols) {
    return c.field(role, ROWS, CodeBlock.of("new float[$L][$L]", rows, cols));
  }

  /**
   * Emits the nest: for each outer position {@code (i, j)}: {@code start}; for each tap
   * {@code (a, e)} landing on {@code (ii, jj)}: {@code tap}; then {@code end}.
   */
  static void loops(CodeBlock.Builder code, Axis rows, Axis cols, Runnable start, Runnable tap, Runnable end) {
    boolean twoD = !rows.trivial();
    if (twoD) {
      code.beginControlFlow("for (int i = 0; i < $L; i++)", rows.outer());
    }
    code.beginControlFlow("for (int j = 0; j < $L; j++)", cols.outer());
    code.addStatement("int o = $L", twoD ? "i * " + cols.outer() + " + j" : "j");
    start.run();
    taps(code, rows, cols, tap);
    end.run();
    code.endControlFlow();
    if (twoD) {
      code.endControlFlow();
    }
  }

  /**
   * Emits the tap loops alone ({@code i} and {@code j} in scope): for each tap {@code (a, e)} landing
   * on {@code (ii, jj)}, declares {@code t} and {@code p} and runs {@code tap}.
   */
  static void taps(CodeBlock.Builder code, Axis rows, Axis cols, Runnable tap) {
    boolean twoD = !rows.trivial();
    if (twoD) {
      code.beginControlFlow("for (int a = 0; a < $L; a++)", rows.kernel());
      target(code, rows, "i", "a", "ii");
    }
    code.beginControlFlow("for (int e = 0; e < $L; e++)", cols.kernel());
    target(code, cols, "j", "e", "jj");
    code.addStatement("int t = $L", twoD ? plus(times("a", cols.kernel()), "e") : "e");
    code.addStatement("int p = $L", twoD ? plus(times("ii", cols.target()), "jj") : "jj");
    tap.run();
    code.endControlFlow();
    if (twoD) {
      code.endControlFlow();
    }
  }

  /**
   * {@code acc[k] += sum over j < count of val[j] * m[row[j]][k]}: the nonzero entries of a sparse
   * vector (gathered branch-free as value/row pairs), four matrix rows per pass over {@code acc}. Skips
   * the zeros of ReLU outputs and padding and still loads/stores {@code acc} once per four rows.
   */
  static void sparseRowsTimesMatrix(CodeBlock.Builder code, String val, String row, String count, String m,
      String acc, int width) {
    code.addStatement("int h = 0");
    code.beginControlFlow("for (; h + 3 < $L; h += 4)", count);
    code.addStatement("float v0 = $L[h], v1 = $L[h + 1], v2 = $L[h + 2], v3 = $L[h + 3]", val, val, val, val);
    code.addStatement("float[] m0 = $N[$L[h]], m1 = $N[$L[h + 1]], m2 = $N[$L[h + 2]], m3 = $N[$L[h + 3]]",
        m, row, m, row, m, row, m, row);
    code.beginControlFlow("for (int k = 0; k < $L; k++)", width);
    code.addStatement("$L[k] += v0 * m0[k] + v1 * m1[k] + v2 * m2[k] + v3 * m3[k]", acc);
    code.endControlFlow();
    code.endControlFlow();
    code.beginControlFlow("for (; h < $L; h++)", count);
    code.addStatement("float v0 = $L[h]", val);
    code.addStatement("float[] m0 = $N[$L[h]]", m, row);
    code.beginControlFlow("for (int k = 0; k < $L; k++)", width);
    code.addStatement("$L[k] += v0 * m0[k]", acc);
    code.endControlFlow();
    code.endControlFlow();
  }

  /** Appends {@code value} (an expression) with its row to the sparse list if nonzero, without a branch. */
  static void appendNonZero(CodeBlock.Builder code, String value, String rowExpr, String val, String row,
      String count) {
    code.addStatement("float v = $L", value);
    code.addStatement("$L[$L] = v", val, count);
    code.addStatement("$L[$L] = $L", row, count, rowExpr);
    code.addStatement("$L += v != 0f ? 1 : 0", count);
  }

  /** Declares the target index {@code v} of outer index {@code o} and tap {@code a}; skips clipped taps. */
  private static void target(CodeBlock.Builder code, Axis ax, String o, String a, String v) {
    if (!ax.transposed()) {
      String expr = minus(plus(times(o, ax.stride()), times(a, ax.dilation())), ax.pad());
      code.addStatement("int $L = $L", v, expr);
      skip(code, ax.clipsLow() ? v + " < 0" : null, ax.clipsHigh() ? v + " >= " + ax.target() : null);
      return;
    }
    // Output o gathers from input v where v * stride + a * dilation == o + crop.
    String u = plus(o, "" + ax.pad()) + " - " + times(a, ax.dilation());
    if (ax.stride() == 1) {
      code.addStatement("int $L = $L", v, u);
      skip(code, ax.clipsLow() ? v + " < 0" : null, ax.clipsHigh() ? v + " >= " + ax.target() : null);
      return;
    }
    code.addStatement("int $L = $L", "u" + v, u);
    skip(code, (ax.clipsLow() ? "u" + v + " < 0 || " : "") + "u" + v + " % " + ax.stride() + " != 0", null);
    code.addStatement("int $L = u$L / $L", v, v, ax.stride());
    skip(code, ax.clipsHigh() ? v + " >= " + ax.target() : null, null);
  }

  private static void skip(CodeBlock.Builder code, String low, String high) {
    String cond = low == null ? high : high == null ? low : low + " || " + high;
    if (cond != null) {
      code.beginControlFlow("if ($L)", cond).addStatement("continue").endControlFlow();
    }
  }

  static String times(String v, int n) {
    return n == 1 ? v : v + " * " + n;
  }

  static String plus(String x, String y) {
    return y.equals("0") ? x : x + " + " + y;
  }

  private static String minus(String x, int n) {
    return n == 0 ? x : x + " - " + n;
  }

  /** {@code acc = bias} or zeros. */
  static void initRow(CodeBlock.Builder code, String row, String bias, int n) {
    if (bias != null) {
      code.addStatement("System.arraycopy($N[0], 0, $L, 0, $L)", bias, row, n);
    } else {
      code.addStatement("$T.fill($L, 0f)", Arrays.class, row);
    }
  }

  /** {@code target += w[from..to) . v[from..to)} with four partial sums (a single one serializes). */
  static void dot(CodeBlock.Builder code, String w, String v, String from, String to, String target) {
    code.addStatement("float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f");
    code.addStatement("int f = $L", from);
    code.beginControlFlow("for (; f + 3 < $L; f += 4)", to);
    code.addStatement("s0 += $L[f] * $L[f]", w, v);
    code.addStatement("s1 += $L[f + 1] * $L[f + 1]", w, v);
    code.addStatement("s2 += $L[f + 2] * $L[f + 2]", w, v);
    code.addStatement("s3 += $L[f + 3] * $L[f + 3]", w, v);
    code.endControlFlow();
    code.beginControlFlow("for (; f < $L; f++)", to);
    code.addStatement("s0 += $L[f] * $L[f]", w, v);
    code.endControlFlow();
    code.addStatement("$L += (s0 + s1) + (s2 + s3)", target);
  }

  // ------------------------------------------------------------------ activation

  /** The rows holding the pre-activation: the output itself when the activation is linear. */
  static String preActivation(LayerCode c, ActivationSpec act, int size) {
    return act.isLinear() ? c.out() : c.rows("PreActivation", size);
  }

  /** Inside the batch loop, after {@code z} is complete: {@code out[b] = act(z)}. */
  static void activate(LayerCode c, ActivationSpec act, int channels, int size) {
    if (act.isLinear()) {
      return;
    }
    String f = c.field("Activation", ActivationSpec.FUNCTION, act.create(channels));
    c.code().addStatement("$N.forward(z, $N[b], $L)", f, c.out(), size);
  }

  /**
   * Inside the batch loop: declares {@code float[] dz}, the gradient with respect to the
   * pre-activation (computed in place in {@code dOut} unless the activation changes the size).
   */
  static void preActivationGradient(LayerCode c, ActivationSpec act, int channels, int size) {
    var code = c.code();
    if (act.isLinear()) {
      code.addStatement("float[] dz = $N[b]", c.dOut());
      return;
    }
    String f = c.field("Activation", ActivationSpec.FUNCTION, act.create(channels));
    String z = c.rows("PreActivation", size);
    if (act.outputLast(channels) != channels) {
      String dz = c.rows("PreActivationGrad", size);
      code.addStatement("float[] dz = $N[b]", dz);
      code.addStatement("$N.backward($N[b], $N[b], $N[b], dz, $L)", f, z, c.out(), c.dOut(), size);
      return;
    }
    code.addStatement("float[] dz = $N[b]", c.dOut());
    if (c.isOutput()) {
      // Back-propagating from logits: dOut already is the gradient of the pre-activation.
      code.beginControlFlow("if (!$N)", c.fromLogits());
    }
    code.addStatement("$N.backward($N[b], $N[b], dz, dz, $L)", f, z, c.out(), size);
    if (c.isOutput()) {
      code.endControlFlow();
    }
  }
}
