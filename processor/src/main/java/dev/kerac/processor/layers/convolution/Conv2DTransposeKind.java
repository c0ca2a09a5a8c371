package dev.kerac.processor.layers.convolution;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.model.WeightSpec;
import dev.kerac.processor.read.AnnotationReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras {@code Conv2DTranspose}: the full output is the scatter
 * {@code full[i*s + a*d, f] += x[i, c] * K[a, f, c]}, cropped by {@code crop} (KERAS_SEMANTICS §1.9). The
 * kernel {@code [kh, kw, F, C]} is stored as rows {@code [tap, f]} of {@code C}.
 *
 * <p>Forward gathers: each output position sums over the taps whose input position exists, with a copy
 * of the kernel transposed to rows {@code [tap, c]} of {@code F} (refreshed each pass) so that the inner
 * loop is an AXPY over filters. Backward walks input positions: each tap's output gradient row gives
 * {@code dx[c] += dz[f] * K[tap, f][c]} and {@code dK[tap, f][c] += dz[f] * x[c]}, both AXPYs over
 * {@code C} on the kernel's own rows.
 */
public final class Conv2DTransposeKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.convolution.Conv2DTranspose";
  }

  @Override
  public String kerasType() {
    return "Conv2DTranspose";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    ConvConfig.check(a, 2, false, report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    if (!ConvConfig.checkRank(layer, kerasType(), input, 2, report)) {
      return null;
    }
    Axis[] ax = ConvConfig.transposedAxes(layer, input, 2);
    int channels = ConvConfig.activatedChannels(layer, kerasType(), layer.annotation().getInt("filters"), report);
    return channels < 0 ? null : new Shape(ax[0].outer(), ax[1].outer(), channels);
  }

  @Override
  public List<WeightSpec> weights(LayerNode layer, Shape input) {
    AnnotationReader a = layer.annotation();
    int filters = a.getInt("filters");
    int[] k = ConvConfig.spatial(a, "kernelSize", 2);
    List<WeightSpec> w = new ArrayList<>();
    AnnotationReader kr = a.getAnnotation("kernelRegularizer");
    w.add(new WeightSpec("kernel", new Shape(k[0], k[1], filters, input.last()), true,
        ConvConfig.initializer(a, "kernelInitializer"), kr.getDouble("l1"), kr.getDouble("l2")));
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
    return Describe.of(layer.annotation(), 2);
  }

  @Override
  public void forward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = ConvConfig.transposedAxes(c.node(), c.inShape(), 2);
    int channels = c.inShape().last();
    int filters = a.getInt("filters");
    int taps = ax[0].kernel() * ax[1].kernel();
    int size = ax[0].outer() * ax[1].outer() * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String z = ConvCode.preActivation(c, act, size);
    String kernel = c.weight("kernel");
    String kt = ConvCode.scratchRows(c, "KernelT", taps * channels, filters);
    String bias = a.getBoolean("useBias") ? c.weight("bias") : null;
    var code = c.code();
    code.add("// Kernel copy as rows [tap, input channel] of filters, so the inner loop is an AXPY.\n");
    code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
    code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
    code.addStatement("float[] w = $N[t * $L + f]", kernel, filters);
    code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
    code.addStatement("$N[t * $L + q][f] = w[q]", kt, channels);
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    int patch = taps * channels;
    code.addStatement("float[] acc = $N", ConvCode.scratch(c, "Acc", filters));
    code.addStatement("float[] val = $N", ConvCode.scratch(c, "Values", patch));
    code.addStatement("int[] row = $N", c.field("Rows", ArrayTypeName.of(int.class),
        CodeBlock.of("new int[$L]", patch)));
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] z = $N[b]", z);
    ConvCode.loops(code, ax[0], ax[1],
        () -> code.addStatement("int n = 0"),
        () -> {
          // The nonzero inputs this output position gathers, with their rows of the kernel copy.
          code.addStatement("int xo = $L", ConvCode.times("p", channels));
          code.addStatement("int ko = $L", ConvCode.times("t", channels));
          code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
          ConvCode.appendNonZero(code, "x[xo + q]", "ko + q", "val", "row", "n");
          code.endControlFlow();
        },
        () -> {
          ConvCode.initRow(code, "acc", bias, filters);
          ConvCode.sparseRowsTimesMatrix(code, "val", "row", "n", kt, "acc", filters);
          code.addStatement("System.arraycopy(acc, 0, z, $L, $L)", ConvCode.times("o", filters), filters);
        });
    ConvCode.activate(c, act, filters, size);
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] out = ConvConfig.transposedAxes(c.node(), c.inShape(), 2);
    // Walk input positions; each tap lands on output position i*s + a*d - crop (a forward-form axis).
    Axis rows = new Axis(c.inShape().dim(0), out[0].outer(), out[0].kernel(), out[0].stride(),
        out[0].dilation(), out[0].pad(), false);
    Axis cols = new Axis(c.inShape().dim(1), out[1].outer(), out[1].kernel(), out[1].stride(),
        out[1].dilation(), out[1].pad(), false);
    int channels = c.inShape().last();
    int filters = a.getInt("filters");
    int positions = out[0].outer() * out[1].outer();
    int size = positions * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String kernel = c.weight("kernel");
    String kernelGrad = c.grad("kernel");
    boolean bias = a.getBoolean("useBias");
    var code = c.code();
    code.addStatement("float[] xt = $N", ConvCode.scratch(c, "Position", channels));
    code.addStatement("float[] acc = $N", ConvCode.scratch(c, "InputGradAcc", channels));
    if (bias) {
      code.addStatement("float[] dzt = $N", ConvCode.scratch(c, "PositionGrad", filters));
      code.addStatement("float[] db = $N[0]", c.grad("bias"));
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    ConvCode.preActivationGradient(c, act, filters, size);
    code.addStatement("float[] dx = $N[b]", c.dIn());
    if (bias) {
      code.beginControlFlow("for (int o = 0; o < $L; o++)", positions);
      code.addStatement("System.arraycopy(dz, $L, dzt, 0, $L)", ConvCode.times("o", filters), filters);
      code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
      code.addStatement("db[f] += dzt[f]");
      code.endControlFlow();
      code.endControlFlow();
    }
    ConvCode.loops(code, rows, cols,
        () -> {
          code.addStatement("System.arraycopy(x, $L, xt, 0, $L)", ConvCode.times("o", channels), channels);
          code.addStatement("$T.fill(acc, 0f)", Arrays.class);
        },
        () -> {
          code.addStatement("int zo = $L", ConvCode.times("p", filters));
          code.addStatement("int ko = $L", ConvCode.times("t", filters));
          code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
          code.addStatement("float g = dz[zo + f]");
          code.beginControlFlow("if (g == 0f)").addStatement("continue").endControlFlow();
          code.addStatement("float[] w = $N[ko + f]", kernel);
          code.addStatement("float[] gw = $N[ko + f]", kernelGrad);
          code.beginControlFlow("for (int q = 0; q < $L; q++)", channels);
          code.addStatement("acc[q] += g * w[q]");
          code.addStatement("gw[q] += g * xt[q]");
          code.endControlFlow();
          code.endControlFlow();
        },
        () -> code.addStatement("System.arraycopy(acc, 0, dx, $L, $L)", ConvCode.times("o", channels), channels));
    code.endControlFlow();
  }
}
