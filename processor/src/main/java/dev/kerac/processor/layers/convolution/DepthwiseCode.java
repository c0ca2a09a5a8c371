package dev.kerac.processor.layers.convolution;

import com.palantir.javapoet.CodeBlock;
import dev.kerac.processor.generate.LayerCode;
import java.util.Arrays;

/**
 * The depthwise convolution shared by {@code DepthwiseConv2D} and {@code SeparableConv2D}: output
 * channel {@code k = c*M + m} of position {@code o} is {@code sum over taps t of x[p(o, t), c] * K[t, c, m]}.
 *
 * <p>The kernel {@code [kh, kw, C, M]} flattened per tap is a row of {@code C*M} values indexed exactly
 * like the output channels, so each tap is an element-wise multiply-add over {@code C*M} channels. To
 * give that loop the same index on every array, the kernel is copied into rows {@code [tap][c*M+m]}
 * and each input position into a row {@code [c*M+m]} (its channel repeated {@code M} times) once per
 * sample. Gradients accumulate in the same shapes and are folded back at the end.
 */
final class DepthwiseCode {
  private DepthwiseCode() {}

  /** Emits the refresh of the flat kernel copy; returns its field. */
  static String flatKernel(LayerCode c, String kernel, int taps, int channels, int multiplier) {
    String kd = ConvCode.scratchRows(c, "FlatKernel", taps, channels * multiplier);
    CodeBlock.Builder code = c.code();
    code.add("// Kernel rows per tap, indexed like the output channels (c * $L + m).\n", multiplier);
    code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
    code.addStatement("float[] r = $N[t]", kd);
    code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
    if (multiplier == 1) {
      code.addStatement("r[q] = $N[t * $L + q][0]", kernel, channels);
    } else {
      code.addStatement("System.arraycopy($N[t * $L + q], 0, r, q * $L, $L)", kernel, channels, multiplier,
          multiplier);
    }
    code.endControlFlow();
    code.endControlFlow();
    return kd;
  }

  /** Inside the batch loop ({@code x} in scope): each input position's channels, repeated M times. */
  private static String expand(LayerCode c, int positions, int channels, int multiplier) {
    String xe = ConvCode.scratchRows(c, "Expanded", positions, channels * multiplier);
    CodeBlock.Builder code = c.code();
    code.beginControlFlow("for (int p = 0; p < $L; p++)", positions);
    if (multiplier == 1) {
      code.addStatement("System.arraycopy(x, $L, $N[p], 0, $L)", ConvCode.times("p", channels), xe, channels);
    } else {
      code.addStatement("float[] r = $N[p]", xe);
      code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
      code.addStatement("$T.fill(r, q * $L, q * $L + $L, x[$L + q])", Arrays.class, multiplier, multiplier,
          multiplier, ConvCode.times("p", channels));
      code.endControlFlow();
    }
    code.endControlFlow();
    return xe;
  }

  /**
   * Inside the batch loop ({@code x} in scope): writes the depthwise output (plus bias when
   * {@code bias} is a field) into the local row {@code out}.
   */
  static void forward(LayerCode c, Axis[] ax, int channels, int multiplier, String kd, String bias, String out) {
    int width = channels * multiplier;
    String xe = expand(c, ax[0].target() * ax[1].target(), channels, multiplier);
    String acc = ConvCode.scratch(c, "Acc", width);
    CodeBlock.Builder code = c.code();
    ConvCode.loops(code, ax[0], ax[1],
        () -> {
          code.addStatement("float[] acc = $N", acc);
          ConvCode.initRow(code, "acc", bias, width);
        },
        () -> {
          code.addStatement("float[] xr = $N[p]", xe);
          code.addStatement("float[] w = $N[t]", kd);
          code.beginControlFlow("for (int k = 0; k < $L; k++)", width);
          code.addStatement("acc[k] += xr[k] * w[k]");
          code.endControlFlow();
        },
        () -> code.addStatement("System.arraycopy(acc, 0, $L, $L, $L)", out, ConvCode.times("o", width), width));
  }

  /** Before the batch loop: zeroes the flat kernel gradient; returns its field. */
  static String zeroFlatGrad(LayerCode c, int taps, int channels, int multiplier) {
    String dkd = ConvCode.scratchRows(c, "FlatKernelGrad", taps, channels * multiplier);
    CodeBlock.Builder code = c.code();
    code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
    code.addStatement("$T.fill($N[t], 0f)", Arrays.class, dkd);
    code.endControlFlow();
    return dkd;
  }

  /**
   * Inside the batch loop ({@code x} and {@code dx} in scope): back-propagates the local gradient row
   * {@code dz} of the depthwise output into {@code dx}, the flat kernel gradient and, when
   * {@code biasGrad} is a field, the bias gradient.
   */
  static void backward(LayerCode c, Axis[] ax, int channels, int multiplier, String kd, String dkd, String dz,
      String biasGrad) {
    int width = channels * multiplier;
    int positions = ax[0].target() * ax[1].target();
    String xe = expand(c, positions, channels, multiplier);
    String dxe = ConvCode.scratchRows(c, "ExpandedGrad", positions, width);
    String dzt = ConvCode.scratch(c, "PositionGrad", width);
    CodeBlock.Builder code = c.code();
    code.beginControlFlow("for (int p = 0; p < $L; p++)", positions);
    code.addStatement("$T.fill($N[p], 0f)", Arrays.class, dxe);
    code.endControlFlow();
    ConvCode.loops(code, ax[0], ax[1],
        () -> {
          code.addStatement("float[] dzt = $N", dzt);
          code.addStatement("System.arraycopy($L, $L, dzt, 0, $L)", dz, ConvCode.times("o", width), width);
          if (biasGrad != null) {
            code.addStatement("float[] db = $N[0]", biasGrad);
            code.beginControlFlow("for (int k = 0; k < $L; k++)", width);
            code.addStatement("db[k] += dzt[k]");
            code.endControlFlow();
          }
        },
        () -> {
          code.addStatement("float[] xr = $N[p]", xe);
          code.addStatement("float[] dxr = $N[p]", dxe);
          code.addStatement("float[] w = $N[t]", kd);
          code.addStatement("float[] gw = $N[t]", dkd);
          code.beginControlFlow("for (int k = 0; k < $L; k++)", width);
          code.addStatement("gw[k] += xr[k] * dzt[k]");
          code.addStatement("dxr[k] += w[k] * dzt[k]");
          code.endControlFlow();
        },
        () -> { });
    code.add("// Each input channel's gradient is the sum over its $L output channels.\n", multiplier);
    code.beginControlFlow("for (int p = 0; p < $L; p++)", positions);
    if (multiplier == 1) {
      code.addStatement("System.arraycopy($N[p], 0, dx, $L, $L)", dxe, ConvCode.times("p", channels), channels);
    } else {
      code.addStatement("float[] r = $N[p]", dxe);
      code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
      code.addStatement("float s = 0f");
      code.beginControlFlow("for (int m = 0; m < $L; m++)", multiplier);
      code.addStatement("s += r[q * $L + m]", multiplier);
      code.endControlFlow();
      code.addStatement("dx[$L + q] = s", ConvCode.times("p", channels));
      code.endControlFlow();
    }
    code.endControlFlow();
  }

  /** After the batch loop: adds the flat kernel gradient into the kernel's gradient rows. */
  static void foldGrad(LayerCode c, String dkd, String kernelGrad, int taps, int channels, int multiplier) {
    CodeBlock.Builder code = c.code();
    code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
    code.addStatement("float[] g = $N[t]", dkd);
    code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
    code.addStatement("float[] gw = $N[t * $L + q]", kernelGrad, channels);
    code.beginControlFlow("for (int m = 0; m < $L; m++)", multiplier);
    code.addStatement("gw[m] += g[q * $L + m]", multiplier);
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
  }
}
