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
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code Conv1D}/{@code Conv2D} (channels_last, cross-correlation, optional groups); a 1-D layer
 * runs as a 2-D one of height 1. The kernel {@code [kh, kw, C/G, F]} is stored as {@code kh*kw*C/G}
 * rows of {@code F} filters.
 *
 * <p>With {@code groups == 1} the generated code calls the runtime's {@code ConvOp} (one per layer):
 * im2col, then the register-blocked matrix kernels of Dense layers (the kernel is a Dense kernel over
 * the receptive field), split over the model's threads, with Keras's {@code relu} fused. Measured on
 * the Fashion-MNIST CNN with the Vector API, one thread: the 28x28x1 -> 32 layer 16 us per sample
 * (the generated loops that skipped zero inputs: 30-42 us), the 13x13x32 -> 64 layer at about 90
 * GFLOP/s forward (the generated loops: about 17).
 *
 * <p>With {@code groups > 1} each input channel feeds only its group's filters: generated loops, one
 * AXPY per nonzero input channel over its group's filter range, and dx as dot products with four
 * partial sums.
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
      forwardOp(c);
    } else {
      forwardGrouped(c);
    }
  }

  @Override
  public void backward(LayerCode c) {
    if (c.node().annotation().getInt("groups") == 1) {
      backwardOp(c);
    } else {
      backwardGrouped(c);
    }
  }

  static final ClassName CONV_OP = ClassName.get("dev.kerac.runtime.kernels", "ConvOp");

  /**
   * Keras's {@code relu} is applied inside the op as outputs are stored, and its derivative taken from
   * the output. Not on the output layer, whose activation derivative is skipped from logits.
   */
  private static boolean fusesRelu(LayerCode c, ActivationSpec act) {
    return act.kerasName().equals("relu") && !c.isOutput();
  }

  /** The layer's {@code ConvOp} field: geometry (height and width axes), weights, gradients, threads. */
  private String op(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = axes(c);
    boolean bias = a.getBoolean("useBias");
    return c.field("Conv", CONV_OP, CodeBlock.of(
        "new $T($N, $L, $L, $L, $L, $N, $L, $N, $L, $L)", CONV_OP, c.workers(), axis(ax[0]), axis(ax[1]),
        c.inShape().last(), a.getInt("filters"), c.weight("kernel"), bias ? c.weight("bias") + "[0]" : "null",
        c.grad("kernel"), bias ? c.grad("bias") + "[0]" : "null",
        fusesRelu(c, ConvConfig.activation(a))));
  }

  /** {@code new ConvOp.Axis(in, out, kernel, stride, dilation, pad)}. */
  private static CodeBlock axis(Axis ax) {
    return CodeBlock.of("new $T.Axis($L, $L, $L, $L, $L, $L)", CONV_OP, ax.target(), ax.outer(), ax.kernel(),
        ax.stride(), ax.dilation(), ax.pad());
  }

  /**
   * im2col and the register-blocked matrix kernels, in the runtime's {@code ConvOp} (split over the
   * model's threads); a fused ReLU, else the activation on the pre-activation rows.
   */
  private void forwardOp(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = axes(c);
    int filters = a.getInt("filters");
    int size = ax[0].outer() * ax[1].outer() * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String op = op(c);
    var code = c.code();
    if (act.isLinear() || fusesRelu(c, act)) {
      code.addStatement("$N.forward($N, $N, batch)", op, c.in(), c.out());
      return;
    }
    String z = ConvCode.preActivation(c, act, size);
    code.addStatement("$N.forward($N, $N, batch)", op, c.in(), z);
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] z = $N[b]", z);
    ConvCode.activate(c, act, filters, size);
    code.endControlFlow();
  }

  /**
   * The activation's derivative (fused ReLU: inside the op), then the op's kernel and bias gradients
   * and, when a layer below needs it, the input gradient.
   */
  private void backwardOp(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Axis[] ax = axes(c);
    int filters = a.getInt("filters");
    int size = ax[0].outer() * ax[1].outer() * filters;
    ActivationSpec act = ConvConfig.activation(a);
    String op = op(c);
    String needed = c.inputGradientFlag();
    String dx = needed == null ? c.dIn() : needed + " ? " + c.dIn() + " : null";
    var code = c.code();
    if (fusesRelu(c, act)) {
      code.add("// ReLU's derivative (from the output), kernel and bias gradients, then dx if needed.\n");
      code.addStatement("$N.backward($N, $N, $N, batch, $L)", op, c.in(), c.out(), c.dOut(), dx);
      return;
    }
    String dz = c.dOut();
    if (!act.isLinear()) {
      // In place (or into rows of their own): dOut becomes the gradient of the pre-activation.
      code.beginControlFlow("for (int b = 0; b < batch; b++)");
      ConvCode.preActivationGradient(c, act, filters, size);
      code.endControlFlow();
      if (act.outputLast(filters) != filters) {
        dz = c.rows("PreActivationGrad", size);
      }
    }
    code.addStatement("$N.backward($N, null, $N, batch, $L)", op, c.in(), dz, dx);
  }

  /** Groups: one AXPY per nonzero input over its group's filters. */
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
          // Input channel q belongs to group q / perGroup, which owns that group's filters only.
          code.addStatement("float[] w = $N[ko + q % $L]", kernel, perGroup);
          code.addStatement("int f0 = q / $L * $L", perGroup, filtersPerGroup);
          code.beginControlFlow("for (int f = f0; f < f0 + $L; f++)", filtersPerGroup);
          code.addStatement("acc[f] += xq * w[f]");
          code.endControlFlow();
          code.endControlFlow();
        },
        () -> code.addStatement("System.arraycopy(acc, 0, z, $L, $L)", ConvCode.times("o", filters), filters));
    ConvCode.activate(c, act, filters, size);
    code.endControlFlow();
  }

  /** Groups: dK as AXPYs over the group's filters, dx as dot products with four partial sums. */
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
          code.addStatement("int k = ko + q % $L", perGroup);
          code.addStatement("int f0 = q / $L * $L", perGroup, filtersPerGroup);
          String from = "f0";
          String to = "f0 + " + filtersPerGroup;
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
