package dev.kerac.processor.layers.core;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.model.WeightSpec;
import dev.kerac.processor.read.AnnotationReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code Dense}: {@code y = act(x @ kernel + bias)} over the last axis. The kernel's rows are
 * input features, so the forward inner loop is an AXPY over a kernel row ({@code z[o] += x[i] * w[o]}),
 * which the JIT vectorizes; inputs of rank > 1 are processed one position at a time through a scratch
 * row so that the hot loop still indexes every array the same way.
 */
public final class DenseKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.core.Dense";
  }

  @Override
  public String kerasType() {
    return "Dense";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Checks.positive(a, "units", report);
    Checks.regularizer(a, "kernelRegularizer", report);
    Checks.regularizer(a, "biasRegularizer", report);
    Checks.regularizer(a, "activityRegularizer", report);
  }

  private static ActivationSpec activation(AnnotationReader a) {
    return ActivationSpec.ofDefaults(a.getEnum("activation"));
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    if (input.rank() < 1) {
      report.error(a.element(), a.mirror(), Message.SHAPE_RANK, "Dense", layer.name(), ">= 1", input, "");
      return null;
    }
    if (input.rank() >= 3) {
      // Keras would apply Dense to the last axis only; after a Conv2D that is almost never intended.
      String producer = layer.inputs().isEmpty() ? "the model input" : "'" + layer.inputs().get(0).name() + "'";
      report.error(a.element(), a.mirror(), Message.DENSE_NEEDS_FLATTEN, layer.name(), producer, input);
      return null;
    }
    int units = a.getInt("units");
    ActivationSpec act = activation(a);
    if (act.kerasName().equals("glu") && units % 2 != 0) {
      report.error(a.element(), a.mirror(), "activation", Message.ACTIVATION_ODD_AXIS, "Dense", layer.name(), units);
      return null;
    }
    return input.withLast(act.outputLast(units));
  }

  @Override
  public List<WeightSpec> weights(LayerNode layer, Shape input) {
    AnnotationReader a = layer.annotation();
    int units = a.getInt("units");
    List<WeightSpec> w = new ArrayList<>();
    AnnotationReader kr = a.getAnnotation("kernelRegularizer");
    w.add(new WeightSpec("kernel", new Shape(input.last(), units), true,
        initializer(a, "kernelInitializer"), kr.getDouble("l1"), kr.getDouble("l2")));
    if (a.getBoolean("useBias")) {
      AnnotationReader br = a.getAnnotation("biasRegularizer");
      w.add(new WeightSpec("bias", new Shape(units), true,
          initializer(a, "biasInitializer"), br.getDouble("l1"), br.getDouble("l2")));
    }
    return w;
  }

  static String initializer(AnnotationReader a, String attribute) {
    return a.getEnum(attribute).toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String activation(LayerNode layer) {
    return activation(layer.annotation()).kerasName();
  }

  @Override
  public String describe(LayerNode layer) {
    return activation(layer.annotation()).describe();
  }

  @Override
  public void forward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int in = c.inShape().last();
    int units = a.getInt("units");
    int positions = c.inShape().size() / in;
    boolean bias = a.getBoolean("useBias");
    ActivationSpec act = activation(a);
    String z = act.isLinear() ? c.out() : c.rows("PreActivation", positions * units);
    String kernel = c.weight("kernel");
    var code = c.code();
    if (positions == 1) {
      // Kernel row outermost: each row is read once per batch and reused from L1 for every sample.
      code.beginControlFlow("for (int b = 0; b < batch; b++)");
      initRow(c, code, z + "[b]", bias, units);
      code.endControlFlow();
      code.beginControlFlow("for (int i = 0; i < $L; i++)", in);
      code.addStatement("float[] w = $N[i]", kernel);
      code.beginControlFlow("for (int b = 0; b < batch; b++)");
      code.addStatement("float xi = $N[b][i]", c.in());
      // Zero inputs (ReLU outputs, blank pixels) contribute nothing: skip their row.
      code.beginControlFlow("if (xi == 0f)").addStatement("continue").endControlFlow();
      code.addStatement("float[] z = $N[b]", z);
      code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
      code.addStatement("z[o] += xi * w[o]");
      code.endControlFlow();
      code.endControlFlow();
      code.endControlFlow();
      if (!act.isLinear()) {
        String f = c.field("Activation", ActivationSpec.FUNCTION, act.create(units));
        code.beginControlFlow("for (int b = 0; b < batch; b++)");
        code.addStatement("$N.forward($N[b], $N[b], $L)", f, z, c.out(), units);
        code.endControlFlow();
      }
      return;
    }
    // Rank > 1: one position at a time through a scratch row, so the hot loop indexes every array alike.
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] z = $N[b]", z);
    String acc = c.field("Position", com.palantir.javapoet.ArrayTypeName.of(float.class),
          com.palantir.javapoet.CodeBlock.of("new float[$L]", units));
      code.addStatement("float[] acc = $N", acc);
      code.beginControlFlow("for (int t = 0; t < $L; t++)", positions);
      initRow(c, code, "acc", bias, units);
      code.beginControlFlow("for (int i = 0; i < $L; i++)", in);
      code.addStatement("float xi = x[t * $L + i]", in);
      code.addStatement("float[] w = $N[i]", kernel);
      code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
      code.addStatement("acc[o] += xi * w[o]");
      code.endControlFlow();
      code.endControlFlow();
      code.addStatement("System.arraycopy(acc, 0, z, t * $L, $L)", units, units);
      code.endControlFlow();
    if (!act.isLinear()) {
      String f = c.field("Activation", ActivationSpec.FUNCTION, act.create(units));
      code.addStatement("$N.forward(z, $N[b], $L)", f, c.out(), positions * units);
    }
    code.endControlFlow();
  }

  private static void initRow(LayerCode c, com.palantir.javapoet.CodeBlock.Builder code, String row,
      boolean bias, int units) {
    if (bias) {
      code.addStatement("System.arraycopy($N[0], 0, $L, 0, $L)", c.weight("bias"), row, units);
    } else {
      code.addStatement("$T.fill($L, 0, $L, 0f)", java.util.Arrays.class, row, units);
    }
  }

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int in = c.inShape().last();
    int units = a.getInt("units");
    int positions = c.inShape().size() / in;
    boolean bias = a.getBoolean("useBias");
    ActivationSpec act = activation(a);
    String kernel = c.weight("kernel");
    String kernelGrad = c.grad("kernel");
    var code = c.code();
    if (!act.isLinear()) {
      // In place: dOut becomes the gradient with respect to the pre-activation.
      String f = c.field("Activation", ActivationSpec.FUNCTION, act.create(units));
      String z = c.rows("PreActivation", positions * units);
      if (c.isOutput()) {
        code.beginControlFlow("if (!$N)", c.fromLogits());
      }
      code.beginControlFlow("for (int b = 0; b < batch; b++)");
      code.addStatement("$N.backward($N[b], $N[b], $N[b], $N[b], $L)",
          f, z, c.out(), c.dOut(), c.dOut(), positions * units);
      code.endControlFlow();
      if (c.isOutput()) {
        code.endControlFlow();
      }
    }
    if (positions == 1) {
      backwardBatched(c, code, in, units, bias, kernel, kernelGrad);
      return;
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] dz = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    String row = c.field("PositionGrad", com.palantir.javapoet.ArrayTypeName.of(float.class),
        com.palantir.javapoet.CodeBlock.of("new float[$L]", units));
    code.beginControlFlow("for (int t = 0; t < $L; t++)", positions);
    code.addStatement("float[] dzt = $N", row);
    code.addStatement("System.arraycopy(dz, t * $L, dzt, 0, $L)", units, units);
    emitPosition(c, code, "dzt", "t * " + in, in, units, bias, kernel, kernelGrad);
    code.endControlFlow();
    code.endControlFlow();
  }

  /**
   * Rank-1 input, the whole batch at once. Weight gradient: kernel-gradient row {@code i} accumulates
   * {@code x[b][i] * dz[b]} over the batch while it stays in L1. Input gradient {@code dz @ kernel^T}:
   * AXPYs over the rows of a transposed copy of the kernel (a dot product per element would be a
   * float reduction, which the JIT does not vectorize).
   */
  private static void backwardBatched(LayerCode c, com.palantir.javapoet.CodeBlock.Builder code, int in,
      int units, boolean bias, String kernel, String kernelGrad) {
    if (bias) {
      code.addStatement("float[] db = $N[0]", c.grad("bias"));
      code.beginControlFlow("for (int b = 0; b < batch; b++)");
      code.addStatement("float[] dz = $N[b]", c.dOut());
      code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
      code.addStatement("db[o] += dz[o]");
      code.endControlFlow();
      code.endControlFlow();
    }
    code.beginControlFlow("for (int i = 0; i < $L; i++)", in);
    code.addStatement("float[] gw = $N[i]", kernelGrad);
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float xi = $N[b][i]", c.in());
    code.beginControlFlow("if (xi == 0f)").addStatement("continue").endControlFlow();
    code.addStatement("float[] dz = $N[b]", c.dOut());
    code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
    code.addStatement("gw[o] += xi * dz[o]");
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();

    String needed = c.inputGradientFlag();
    if (needed != null) {
      code.beginControlFlow("if ($N)", needed);
    }
    String transposed = c.field("KernelTransposed",
        com.palantir.javapoet.ArrayTypeName.of(com.palantir.javapoet.ArrayTypeName.of(float.class)),
        com.palantir.javapoet.CodeBlock.of("new float[$L][$L]", units, in));
    code.beginControlFlow("for (int i = 0; i < $L; i++)", in);
    code.addStatement("float[] w = $N[i]", kernel);
    code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
    code.addStatement("$N[o][i] = w[o]", transposed);
    code.endControlFlow();
    code.endControlFlow();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("$T.fill($N[b], 0, $L, 0f)", java.util.Arrays.class, c.dIn(), in);
    code.endControlFlow();
    code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
    code.addStatement("float[] wt = $N[o]", transposed);
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float d = $N[b][o]", c.dOut());
    code.beginControlFlow("if (d == 0f)").addStatement("continue").endControlFlow();
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.beginControlFlow("for (int i = 0; i < $L; i++)", in);
    code.addStatement("dx[i] += d * wt[i]");
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    if (needed != null) {
      code.endControlFlow();
    }
  }

  private static void emitPosition(LayerCode c, com.palantir.javapoet.CodeBlock.Builder code, String dz,
      String offset, int in, int units, boolean bias, String kernel, String kernelGrad) {
    String at = offset.equals("0") ? "i" : offset + " + i";
    if (bias) {
      code.addStatement("float[] db = $N[0]", c.grad("bias"));
      code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
      code.addStatement("db[o] += $N[o]", dz);
      code.endControlFlow();
    }
    code.beginControlFlow("for (int i = 0; i < $L; i++)", in);
    code.addStatement("float xi = x[$L]", at);
    code.addStatement("float[] gw = $N[i]", kernelGrad);
    code.addStatement("float[] w = $N[i]", kernel);
    code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
    code.addStatement("gw[o] += xi * $N[o]", dz);
    code.endControlFlow();
    // Four partial sums: a single float accumulator would serialize the loop.
    code.addStatement("float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f");
    code.addStatement("int o = 0");
    code.beginControlFlow("for (; o + 3 < $L; o += 4)", units);
    code.addStatement("s0 += w[o] * $N[o]", dz);
    code.addStatement("s1 += w[o + 1] * $N[o + 1]", dz);
    code.addStatement("s2 += w[o + 2] * $N[o + 2]", dz);
    code.addStatement("s3 += w[o + 3] * $N[o + 3]", dz);
    code.endControlFlow();
    code.beginControlFlow("for (; o < $L; o++)", units);
    code.addStatement("s0 += w[o] * $N[o]", dz);
    code.endControlFlow();
    code.addStatement("dx[$L] = (s0 + s1) + (s2 + s3)", at);
    code.endControlFlow();
  }
}
