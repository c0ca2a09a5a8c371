package dev.kerac.processor.layers.convolution;

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
 * Keras {@code SeparableConv2D}: a depthwise stage (strides, padding, dilation; no bias; loops in
 * {@link DepthwiseCode}) kept per sample for the backward pass, then a 1x1 convolution whose kernel
 * {@code [1, 1, C*M, F]} is {@code C*M} rows of {@code F} (an AXPY per depthwise channel), + bias, then
 * the activation. Weights in Keras order: depthwise_kernel, pointwise_kernel, bias.
 */
public final class SeparableConv2DKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.convolution.SeparableConv2D";
  }

  @Override
  public String kerasType() {
    return "SeparableConv2D";
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
    Axis[] ax = ConvConfig.axes(layer, kerasType(), input, 2, report);
    if (ax == null) {
      return null;
    }
    int channels = ConvConfig.activatedChannels(layer, kerasType(), layer.annotation().getInt("filters"), report);
    return channels < 0 ? null : new Shape(ax[0].outer(), ax[1].outer(), channels);
  }

  @Override
  public List<WeightSpec> weights(LayerNode layer, Shape input) {
    AnnotationReader a = layer.annotation();
    int m = a.getInt("depthMultiplier");
    int filters = a.getInt("filters");
    int[] k = ConvConfig.spatial(a, "kernelSize", 2);
    List<WeightSpec> w = new ArrayList<>();
    AnnotationReader dr = a.getAnnotation("depthwiseRegularizer");
    w.add(new WeightSpec("depthwise_kernel", new Shape(k[0], k[1], input.last(), m), true,
        ConvConfig.initializer(a, "depthwiseInitializer"), dr.getDouble("l1"), dr.getDouble("l2")));
    AnnotationReader pr = a.getAnnotation("pointwiseRegularizer");
    w.add(new WeightSpec("pointwise_kernel", new Shape(1, 1, input.last() * m, filters), true,
        ConvConfig.initializer(a, "pointwiseInitializer"), pr.getDouble("l1"), pr.getDouble("l2")));
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
    Axis[] ax = ConvConfig.axes(c.node(), kerasType(), c.inShape(), 2, Report.silent());
    int channels = c.inShape().last();
    int m = a.getInt("depthMultiplier");
    int width = channels * m;
    int filters = a.getInt("filters");
    int positions = ax[0].outer() * ax[1].outer();
    int size = positions * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String z = ConvCode.preActivation(c, act, size);
    String depthwise = c.rows("Depthwise", positions * width);
    String kd = DepthwiseCode.flatKernel(c, c.weight("depthwise_kernel"), ax[0].kernel() * ax[1].kernel(),
        channels, m);
    String pointwise = c.weight("pointwise_kernel");
    String bias = a.getBoolean("useBias") ? c.weight("bias") : null;
    var code = c.code();
    code.addStatement("float[] pacc = $N", ConvCode.scratch(c, "PointwiseAcc", filters));
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] d = $N[b]", depthwise);
    code.addStatement("float[] z = $N[b]", z);
    DepthwiseCode.forward(c, ax, channels, m, kd, null, "d");
    code.add("// Pointwise 1x1 convolution: an AXPY over filters per depthwise channel.\n");
    code.beginControlFlow("for (int o = 0; o < $L; o++)", positions);
    ConvCode.initRow(code, "pacc", bias, filters);
    code.addStatement("int co = $L", ConvCode.times("o", width));
    code.beginControlFlow("for (int k = 0; k < $L; k++)", width);
    code.addStatement("float v = d[co + k]");
    code.beginControlFlow("if (v == 0f)").addStatement("continue").endControlFlow();
    code.addStatement("float[] w = $N[k]", pointwise);
    code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
    code.addStatement("pacc[f] += v * w[f]");
    code.endControlFlow();
    code.endControlFlow();
    code.addStatement("System.arraycopy(pacc, 0, z, $L, $L)", ConvCode.times("o", filters), filters);
    code.endControlFlow();
    ConvCode.activate(c, act, filters, size);
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = ConvConfig.axes(c.node(), kerasType(), c.inShape(), 2, Report.silent());
    int channels = c.inShape().last();
    int m = a.getInt("depthMultiplier");
    int width = channels * m;
    int filters = a.getInt("filters");
    int taps = ax[0].kernel() * ax[1].kernel();
    int positions = ax[0].outer() * ax[1].outer();
    int size = positions * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String depthwise = c.rows("Depthwise", positions * width);
    String pointwise = c.weight("pointwise_kernel");
    String pointwiseGrad = c.grad("pointwise_kernel");
    boolean bias = a.getBoolean("useBias");
    String kd = DepthwiseCode.flatKernel(c, c.weight("depthwise_kernel"), taps, channels, m);
    String dkd = DepthwiseCode.zeroFlatGrad(c, taps, channels, m);
    var code = c.code();
    code.addStatement("float[] pdz = $N", ConvCode.scratch(c, "PointwisePositionGrad", filters));
    code.addStatement("float[] dd = $N", ConvCode.scratch(c, "DepthwiseGrad", positions * width));
    if (bias) {
      code.addStatement("float[] db = $N[0]", c.grad("bias"));
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] d = $N[b]", depthwise);
    ConvCode.preActivationGradient(c, act, filters, size);
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.add("// Pointwise stage: dW[k] += d[k] * dz (AXPY), dd[k] = W[k] . dz.\n");
    code.beginControlFlow("for (int o = 0; o < $L; o++)", positions);
    code.addStatement("System.arraycopy(dz, $L, pdz, 0, $L)", ConvCode.times("o", filters), filters);
    if (bias) {
      code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
      code.addStatement("db[f] += pdz[f]");
      code.endControlFlow();
    }
    code.addStatement("int co = $L", ConvCode.times("o", width));
    code.beginControlFlow("for (int k = 0; k < $L; k++)", width);
    code.addStatement("float v = d[co + k]");
    code.beginControlFlow("if (v != 0f)");
    code.addStatement("float[] gw = $N[k]", pointwiseGrad);
    code.beginControlFlow("for (int f = 0; f < $L; f++)", filters);
    code.addStatement("gw[f] += v * pdz[f]");
    code.endControlFlow();
    code.endControlFlow();
    code.addStatement("float[] w = $N[k]", pointwise);
    code.addStatement("dd[co + k] = 0f");
    ConvCode.dot(code, "w", "pdz", "0", String.valueOf(filters), "dd[co + k]");
    code.endControlFlow();
    code.endControlFlow();
    DepthwiseCode.backward(c, ax, channels, m, kd, dkd, "dd", null);
    code.endControlFlow();
    DepthwiseCode.foldGrad(c, dkd, c.grad("depthwise_kernel"), taps, channels, m);
  }
}
