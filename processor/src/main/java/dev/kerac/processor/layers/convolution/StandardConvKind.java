package dev.kerac.processor.layers.convolution;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.model.WeightSpec;
import dev.kerac.processor.read.AnnotationReader;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras {@code Conv1D}/{@code Conv2D} (channels_last, cross-correlation, optional groups); a 1-D layer
 * runs as a 2-D one of height 1. The kernel {@code [kh, kw, C/G, F]} is stored as {@code kh*kw*C/G}
 * rows of {@code F} filters, so the forward pass is a direct convolution whose inner loop is an AXPY
 * over a kernel row: {@code acc[f] += x[p, q] * kernel[t, q][f]}.
 *
 * <p>Backward, per output position and tap: {@code dK[t, q][f] += x[p, q] * dz[f]} (an AXPY) and
 * {@code dx[p, q] += kernel[t, q] . dz}. With many input channels the latter runs as AXPYs over a
 * transposed copy of the kernel (rows {@code [t, f]} of {@code C}), refreshed each backward pass;
 * with few it is a dot product with four partial sums.
 */
abstract class StandardConvKind implements LayerKind {
  /** Number of spatial dimensions: 1 or 2. */
  abstract int rank();

  @Override
  public void check(AnnotationReader a, Report report) {
    ConvConfig.check(a, rank(), rank() == 1, report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    if (!ConvConfig.checkRank(layer, kerasType(), input, rank(), report)) {
      return null;
    }
    Axis[] ax = ConvConfig.axes(layer, kerasType(), input, rank(), report);
    if (ax == null) {
      return null;
    }
    AnnotationReader a = layer.annotation();
    int filters = a.getInt("filters");
    int groups = a.getInt("groups");
    if (input.last() % groups != 0 || filters % groups != 0) {
      report.error(a.element(), a.mirror(), "groups", Message.CONV_GROUPS, kerasType(), layer.name(), groups,
          input.last(), filters);
      return null;
    }
    int channels = ConvConfig.activatedChannels(layer, kerasType(), filters, report);
    if (channels < 0) {
      return null;
    }
    return rank() == 1 ? new Shape(ax[1].outer(), channels) : new Shape(ax[0].outer(), ax[1].outer(), channels);
  }

  @Override
  public List<WeightSpec> weights(LayerNode layer, Shape input) {
    AnnotationReader a = layer.annotation();
    int filters = a.getInt("filters");
    int[] k = ConvConfig.spatial(a, "kernelSize", rank());
    int perGroup = input.last() / a.getInt("groups");
    Shape kernel = rank() == 1 ? new Shape(k[0], perGroup, filters) : new Shape(k[0], k[1], perGroup, filters);
    List<WeightSpec> w = new ArrayList<>();
    AnnotationReader kr = a.getAnnotation("kernelRegularizer");
    w.add(new WeightSpec("kernel", kernel, true, ConvConfig.initializer(a, "kernelInitializer"),
        kr.getDouble("l1"), kr.getDouble("l2")));
    if (a.getBoolean("useBias")) {
      AnnotationReader br = a.getAnnotation("biasRegularizer");
      w.add(new WeightSpec("bias", new Shape(filters), true, ConvConfig.initializer(a, "biasInitializer"),
          br.getDouble("l1"), br.getDouble("l2")));
    }
    return w;
  }

  @Override
  public String activation(LayerNode layer) {
    return ConvConfig.activation(layer.annotation()).kerasName();
  }

  @Override
  public String describe(LayerNode layer) {
    return Describe.of(layer.annotation(), rank());
  }

  /** The geometry of a resolved layer. */
  private Axis[] axes(LayerCode c) {
    return ConvConfig.axes(c.node(), kerasType(), c.inShape(), rank(), Report.silent());
  }

  @Override
  public void forward(LayerCode c) {
    if (c.node().annotation().getInt("groups") == 1) {
      forwardPatches(c);
    } else {
      forwardGrouped(c);
    }
  }

  @Override
  public void backward(LayerCode c) {
    if (c.node().annotation().getInt("groups") == 1) {
      backwardPatches(c);
    } else {
      backwardGrouped(c);
    }
  }

  /**
   * Output positions in pairs: gathers each one's receptive field into a patch row (zeros in the
   * padding), then {@code acc = bias + patch @ kernel} for both at once, four kernel rows per pass.
   */
  private void forwardPatches(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = axes(c);
    int channels = c.inShape().last();
    int filters = a.getInt("filters");
    int patch = ax[0].kernel() * ax[1].kernel() * channels;
    int positions = ax[0].outer() * ax[1].outer();
    int size = positions * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String z = ConvCode.preActivation(c, act, size);
    String kernel = c.weight("kernel");
    String bias = a.getBoolean("useBias") ? c.weight("bias") : null;
    var code = c.code();
    code.addStatement("float[] acc0 = $N", ConvCode.scratch(c, "Acc0", filters));
    code.addStatement("float[] acc1 = $N", ConvCode.scratch(c, "Acc1", filters));
    code.addStatement("float[] patch0 = $N", ConvCode.scratch(c, "Patch0", patch));
    code.addStatement("float[] patch1 = $N", ConvCode.scratch(c, "Patch1", patch));
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] z = $N[b]", z);
    beginPairs(code, positions);
    slots(code, ax, positions, "patch", () -> {
      if (ConvCode.clips(ax[0], ax[1])) {
        code.addStatement("$T.fill(patch, 0f)", Arrays.class);
      }
      ConvCode.taps(code, ax[0], ax[1], () -> {
        if (channels == 1) {
          code.addStatement("patch[t] = x[p]");
        } else {
          code.addStatement("System.arraycopy(x, $L, patch, $L, $L)", ConvCode.times("p", channels),
              ConvCode.times("t", channels), channels);
        }
      });
    });
    ConvCode.initRow(code, "acc0", bias, filters);
    pairOrSingle(code, positions, () -> {
      ConvCode.initRow(code, "acc1", bias, filters);
      ConvCode.pairRowsTimesMatrix(code, "patch0", "patch1", kernel, patch, "acc0", "acc1", filters);
      code.addStatement("System.arraycopy(acc1, 0, z, $L, $L)", ConvCode.times("(o + 1)", filters), filters);
    }, () -> ConvCode.rowsTimesMatrix(code, "patch0", kernel, patch, "acc0", filters));
    code.addStatement("System.arraycopy(acc0, 0, z, $L, $L)", ConvCode.times("o", filters), filters);
    code.endControlFlow();
    ConvCode.activate(c, act, filters, size);
    code.endControlFlow();
  }

  /** Opens the loop over pairs of output positions {@code (o, o + 1)}; {@code n} is 2, or 1 for a last odd one. */
  private static void beginPairs(CodeBlock.Builder code, int positions) {
    code.beginControlFlow("for (int o = 0; o < $L; o += 2)", positions);
    if (positions % 2 != 0) {
      code.addStatement("int n = o + 1 < $L ? 2 : 1", positions);
    }
  }

  /** Runs {@code body} for each position of the pair, with {@code i}, {@code j} and {@code <row>} (row 0 or 1) set. */
  private static void slots(CodeBlock.Builder code, Axis[] ax, int positions, String row, Runnable body) {
    code.beginControlFlow("for (int s = 0; s < $L; s++)", positions % 2 != 0 ? "n" : "2");
    if (ax[0].trivial()) {
      code.addStatement("int j = o + s");
    } else {
      code.addStatement("int i = (o + s) / $L", ax[1].outer());
      code.addStatement("int j = (o + s) % $L", ax[1].outer());
    }
    code.addStatement("float[] $L = s == 0 ? $L0 : $L1", row, row, row);
    body.run();
    code.endControlFlow();
  }

  /** Emits {@code pair} for a pair of positions, {@code single} for a last odd one. */
  private static void pairOrSingle(CodeBlock.Builder code, int positions, Runnable pair, Runnable single) {
    if (positions % 2 == 0) {
      pair.run();
      return;
    }
    code.beginControlFlow("if (n == 2)");
    pair.run();
    code.nextControlFlow("else");
    single.run();
    code.endControlFlow();
  }

  /**
   * Output positions in pairs, patches gathered again: {@code dK[r] += patch[r] * dz} (an AXPY per
   * patch row, both positions in one pass), {@code dpatch = kernel @ dz} as AXPYs over a transposed
   * copy of the kernel (rows of filters, refreshed each pass), then each {@code dpatch} is scattered
   * back onto the input positions it was gathered from.
   */
  private void backwardPatches(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = axes(c);
    int channels = c.inShape().last();
    int filters = a.getInt("filters");
    int patch = ax[0].kernel() * ax[1].kernel() * channels;
    int positions = ax[0].outer() * ax[1].outer();
    int size = positions * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String kernel = c.weight("kernel");
    String kernelGrad = c.grad("kernel");
    String kt = ConvCode.scratchRows(c, "KernelT", filters, patch);
    boolean bias = a.getBoolean("useBias");
    var code = c.code();
    code.addStatement("float[] patch0 = $N", ConvCode.scratch(c, "Patch0", patch));
    code.addStatement("float[] patch1 = $N", ConvCode.scratch(c, "Patch1", patch));
    code.addStatement("float[] dpatch0 = $N", ConvCode.scratch(c, "PatchGrad0", patch));
    code.addStatement("float[] dpatch1 = $N", ConvCode.scratch(c, "PatchGrad1", patch));
    code.addStatement("float[] dz0 = $N", ConvCode.scratch(c, "PositionGrad0", filters));
    code.addStatement("float[] dz1 = $N", ConvCode.scratch(c, "PositionGrad1", filters));
    if (bias) {
      code.addStatement("float[] db = $N[0]", c.grad("bias"));
    }
    code.beginControlFlow("for (int r = 0; r < $L; r++)", patch);
    code.addStatement("float[] w = $N[r]", kernel);
    code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
    code.addStatement("$N[f][r] = w[f]", kt);
    code.endControlFlow();
    code.endControlFlow();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    ConvCode.preActivationGradient(c, act, filters, size);
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.addStatement("$T.fill(dx, 0f)", Arrays.class);
    beginPairs(code, positions);
    slots(code, ax, positions, "patch", () -> {
      if (ConvCode.clips(ax[0], ax[1])) {
        code.addStatement("$T.fill(patch, 0f)", Arrays.class);
      }
      ConvCode.taps(code, ax[0], ax[1], () -> {
        if (channels == 1) {
          code.addStatement("patch[t] = x[p]");
        } else {
          code.addStatement("System.arraycopy(x, $L, patch, $L, $L)", ConvCode.times("p", channels),
              ConvCode.times("t", channels), channels);
        }
      });
    });
    code.addStatement("System.arraycopy(dz, $L, dz0, 0, $L)", ConvCode.times("o", filters), filters);
    code.addStatement("$T.fill(dpatch0, 0f)", Arrays.class);
    pairOrSingle(code, positions, () -> {
      code.addStatement("System.arraycopy(dz, $L, dz1, 0, $L)", ConvCode.times("(o + 1)", filters), filters);
      if (bias) {
        code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
        code.addStatement("db[f] += dz0[f] + dz1[f]");
        code.endControlFlow();
      }
      code.beginControlFlow("for (int r = 0; r < $L; r++)", patch);
      code.addStatement("float v = patch0[r], u = patch1[r]");
      code.beginControlFlow("if (v == 0f && u == 0f)").addStatement("continue").endControlFlow();
      code.addStatement("float[] gw = $N[r]", kernelGrad);
      code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
      code.addStatement("gw[f] += v * dz0[f] + u * dz1[f]");
      code.endControlFlow();
      code.endControlFlow();
      code.addStatement("$T.fill(dpatch1, 0f)", Arrays.class);
      ConvCode.pairRowsTimesMatrix(code, "dz0", "dz1", kt, filters, "dpatch0", "dpatch1", patch);
    }, () -> {
      if (bias) {
        code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
        code.addStatement("db[f] += dz0[f]");
        code.endControlFlow();
      }
      code.beginControlFlow("for (int r = 0; r < $L; r++)", patch);
      code.addStatement("float v = patch0[r]");
      code.beginControlFlow("if (v == 0f)").addStatement("continue").endControlFlow();
      code.addStatement("float[] gw = $N[r]", kernelGrad);
      code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
      code.addStatement("gw[f] += v * dz0[f]");
      code.endControlFlow();
      code.endControlFlow();
      ConvCode.rowsTimesMatrix(code, "dz0", kt, filters, "dpatch0", patch);
    });
    code.add("// Scatter each patch gradient back onto the input positions it was gathered from.\n");
    slots(code, ax, positions, "dpatch", () -> ConvCode.taps(code, ax[0], ax[1], () -> {
      if (channels == 1) {
        code.addStatement("dx[p] += dpatch[t]");
      } else {
        code.addStatement("int xo = $L", ConvCode.times("p", channels));
        code.addStatement("int po = $L", ConvCode.times("t", channels));
        code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
        code.addStatement("dx[xo + q] += dpatch[po + q]");
        code.endControlFlow();
      }
    }));
    code.endControlFlow();
    code.endControlFlow();
  }

  private void forwardGrouped(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = axes(c);
    int channels = c.inShape().last();
    int filters = a.getInt("filters");
    int groups = a.getInt("groups");
    int perGroup = channels / groups;
    int filtersPerGroup = filters / groups;
    int size = ax[0].outer() * ax[1].outer() * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String z = ConvCode.preActivation(c, act, size);
    String kernel = c.weight("kernel");
    String bias = a.getBoolean("useBias") ? c.weight("bias") : null;
    var code = c.code();
    code.addStatement("float[] acc = $N", ConvCode.scratch(c, "Acc", filters));
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] z = $N[b]", z);
    ConvCode.loops(code, ax[0], ax[1],
        () -> ConvCode.initRow(code, "acc", bias, filters),
        () -> {
          code.addStatement("int xo = $L", ConvCode.times("p", channels));
          code.addStatement("int ko = $L", ConvCode.times("t", perGroup));
          code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
          code.addStatement("float xq = x[xo + q]");
          // Zero inputs (ReLU outputs, blank pixels) contribute nothing: skip their kernel row.
          code.beginControlFlow("if (xq == 0f)").addStatement("continue").endControlFlow();
          if (groups == 1) {
            code.addStatement("float[] w = $N[ko + q]", kernel);
            code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
          } else {
            code.addStatement("float[] w = $N[ko + q % $L]", kernel, perGroup);
            code.addStatement("int f0 = q / $L * $L", perGroup, filtersPerGroup);
            code.beginControlFlow("for (int f = f0; f < f0 + $L; f++)", filtersPerGroup);
          }
          code.addStatement("acc[f] += xq * w[f]");
          code.endControlFlow();
          code.endControlFlow();
        },
        () -> code.addStatement("System.arraycopy(acc, 0, z, $L, $L)", ConvCode.times("o", filters), filters));
    ConvCode.activate(c, act, filters, size);
    code.endControlFlow();
  }

  private void backwardGrouped(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = axes(c);
    int channels = c.inShape().last();
    int filters = a.getInt("filters");
    int groups = a.getInt("groups");
    int perGroup = channels / groups;
    int filtersPerGroup = filters / groups;
    int size = ax[0].outer() * ax[1].outer() * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String kernel = c.weight("kernel");
    String kernelGrad = c.grad("kernel");
    boolean bias = a.getBoolean("useBias");
    var code = c.code();
    code.addStatement("float[] dzt = $N", ConvCode.scratch(c, "PositionGrad", filters));
    if (bias) {
      code.addStatement("float[] db = $N[0]", c.grad("bias"));
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    ConvCode.preActivationGradient(c, act, filters, size);
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.addStatement("$T.fill(dx, 0f)", java.util.Arrays.class);
    ConvCode.loops(code, ax[0], ax[1],
        () -> {
          code.addStatement("System.arraycopy(dz, $L, dzt, 0, $L)", ConvCode.times("o", filters), filters);
          if (bias) {
            code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
            code.addStatement("db[f] += dzt[f]");
            code.endControlFlow();
          }
        },
        () -> {
          code.addStatement("int xo = $L", ConvCode.times("p", channels));
          code.addStatement("int ko = $L", ConvCode.times("t", perGroup));
          code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
          code.addStatement("float xq = x[xo + q]");
          String from = "0";
          String to = String.valueOf(filters);
          if (groups == 1) {
            code.addStatement("int k = ko + q");
          } else {
            code.addStatement("int k = ko + q % $L", perGroup);
            code.addStatement("int f0 = q / $L * $L", perGroup, filtersPerGroup);
            from = "f0";
            to = "f0 + " + filtersPerGroup;
          }
          code.beginControlFlow("if (xq != 0f)");
          code.addStatement("float[] gw = $N[k]", kernelGrad);
          code.beginControlFlow("for (int f = $L; f < $L; f++)", from, to);
          code.addStatement("gw[f] += xq * dzt[f]");
          code.endControlFlow();
          code.endControlFlow();
          code.addStatement("float[] w = $N[k]", kernel);
          ConvCode.dot(code, "w", "dzt", from, to, "dx[xo + q]");
          code.endControlFlow();
        },
        () -> { });
    code.endControlFlow();
  }
}
