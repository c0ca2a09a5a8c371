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
import java.util.ArrayList;
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
  /** Input channels from which dx uses the transposed kernel (AXPYs over C) instead of dot products. */
  static final int TRANSPOSED_DX_MIN_CHANNELS = 8;

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

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = axes(c);
    int channels = c.inShape().last();
    int filters = a.getInt("filters");
    int groups = a.getInt("groups");
    int perGroup = channels / groups;
    int filtersPerGroup = filters / groups;
    int taps = ax[0].kernel() * ax[1].kernel();
    int size = ax[0].outer() * ax[1].outer() * filters;
    boolean transposedDx = groups == 1 && channels >= TRANSPOSED_DX_MIN_CHANNELS;
    ActivationSpec act = ConvConfig.activation(a);
    String kernel = c.weight("kernel");
    String kernelGrad = c.grad("kernel");
    boolean bias = a.getBoolean("useBias");
    var code = c.code();
    code.addStatement("float[] dzt = $N", ConvCode.scratch(c, "PositionGrad", filters));
    if (bias) {
      code.addStatement("float[] db = $N[0]", c.grad("bias"));
    }
    if (transposedDx) {
      String kt = ConvCode.scratchRows(c, "KernelT", taps * filters, channels);
      code.addStatement("float[] dxt = $N", ConvCode.scratch(c, "InputGradAcc", channels));
      code.add("// Transposed kernel copy (rows [tap, filter] of input channels) for dx as AXPYs.\n");
      code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
      code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
      code.addStatement("float[] w = $N[t * $L + q]", kernel, channels);
      code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
      code.addStatement("$N[t * $L + f][q] = w[f]", kt, filters);
      code.endControlFlow();
      code.endControlFlow();
      code.endControlFlow();
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
          if (transposedDx) {
            code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
            code.addStatement("float xq = x[xo + q]");
            code.beginControlFlow("if (xq == 0f)").addStatement("continue").endControlFlow();
            code.addStatement("float[] gw = $N[ko + q]", kernelGrad);
            code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
            code.addStatement("gw[f] += xq * dzt[f]");
            code.endControlFlow();
            code.endControlFlow();
            String kt = ConvCode.scratchRows(c, "KernelT", taps * filters, channels);
            code.addStatement("$T.fill(dxt, 0f)", java.util.Arrays.class);
            code.addStatement("int ro = $L", ConvCode.times("t", filters));
            code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
            code.addStatement("float g = dzt[f]");
            code.beginControlFlow("if (g == 0f)").addStatement("continue").endControlFlow();
            code.addStatement("float[] wt = $N[ro + f]", kt);
            code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
            code.addStatement("dxt[q] += g * wt[q]");
            code.endControlFlow();
            code.endControlFlow();
            code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
            code.addStatement("dx[xo + q] += dxt[q]");
            code.endControlFlow();
            return;
          }
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
