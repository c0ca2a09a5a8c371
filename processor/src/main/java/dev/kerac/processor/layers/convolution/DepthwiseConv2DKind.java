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
 * Keras {@code DepthwiseConv2D}: {@code (H, W, C) -> (H', W', C*M)}, output channel {@code c*M + m}; the
 * kernel variable is named {@code kernel} (Keras 3), shape {@code [kh, kw, C, M]}. Loops in
 * {@link DepthwiseCode}.
 */
public final class DepthwiseConv2DKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.convolution.DepthwiseConv2D";
  }

  @Override
  public String kerasType() {
    return "DepthwiseConv2D";
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
    int width = input.last() * layer.annotation().getInt("depthMultiplier");
    int channels = ConvConfig.activatedChannels(layer, kerasType(), width, report);
    return channels < 0 ? null : new Shape(ax[0].outer(), ax[1].outer(), channels);
  }

  @Override
  public List<WeightSpec> weights(LayerNode layer, Shape input) {
    AnnotationReader a = layer.annotation();
    int m = a.getInt("depthMultiplier");
    int[] k = ConvConfig.spatial(a, "kernelSize", 2);
    List<WeightSpec> w = new ArrayList<>();
    AnnotationReader kr = a.getAnnotation("depthwiseRegularizer");
    w.add(new WeightSpec("kernel", new Shape(k[0], k[1], input.last(), m), true,
        ConvConfig.initializer(a, "depthwiseInitializer"), kr.getDouble("l1"), kr.getDouble("l2")));
    if (a.getBoolean("useBias")) {
      AnnotationReader br = a.getAnnotation("biasRegularizer");
      w.add(new WeightSpec("bias", new Shape(input.last() * m), true, ConvConfig.initializer(a, "biasInitializer"),
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
    int size = ax[0].outer() * ax[1].outer() * width;
    ActivationSpec act = ConvConfig.activation(a);
    String z = ConvCode.preActivation(c, act, size);
    String kd = DepthwiseCode.flatKernel(c, c.weight("kernel"), ax[0].kernel() * ax[1].kernel(), channels, m);
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] z = $N[b]", z);
    DepthwiseCode.forward(c, ax, channels, m, kd, a.getBoolean("useBias") ? c.weight("bias") : null, "z");
    ConvCode.activate(c, act, width, size);
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = ConvConfig.axes(c.node(), kerasType(), c.inShape(), 2, Report.silent());
    int channels = c.inShape().last();
    int m = a.getInt("depthMultiplier");
    int taps = ax[0].kernel() * ax[1].kernel();
    int size = ax[0].outer() * ax[1].outer() * channels * m;
    ActivationSpec act = ConvConfig.activation(a);
    String kd = DepthwiseCode.flatKernel(c, c.weight("kernel"), taps, channels, m);
    String dkd = DepthwiseCode.zeroFlatGrad(c, taps, channels, m);
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    ConvCode.preActivationGradient(c, act, channels * m, size);
    code.addStatement("float[] dx = $N[b]", c.dIn());
    DepthwiseCode.backward(c, ax, channels, m, kd, dkd, "dz", a.getBoolean("useBias") ? c.grad("bias") : null);
    code.endControlFlow();
    DepthwiseCode.foldGrad(c, dkd, c.grad("kernel"), taps, channels, m);
  }
}
