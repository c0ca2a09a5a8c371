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
 * Keras {@code Dense}: {@code y = act(x @ kernel + bias)} over the last axis. For rank-1 inputs (the
 * common case) the generated code calls a runtime {@code DenseOp} per layer: register-blocked matrix
 * kernels (Vector API when available, else auto-vectorized loops), split over the model's threads,
 * with Keras's default {@code relu} fused into them; other activations run on the pre-activation rows.
 * Inputs of rank > 1 are processed one position at a time through a scratch row, as AXPY loops over
 * kernel rows ({@code acc[o] += x[i] * w[o]}) that the JIT vectorizes.
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
    String z = act.isLinear() || (positions == 1 && fusesRelu(c, act))
        ? c.out() : c.rows("PreActivation", positions * units);
    String kernel = c.weight("kernel");
    var code = c.code();
    if (positions == 1) {
      String op = op(c, in, units, bias, act);
      if (fusesRelu(c, act) || act.isLinear()) {
        code.addStatement("$N.forward($N, $N, batch)", op, c.in(), c.out());
        return;
      }
      code.addStatement("$N.forward($N, $N, batch)", op, c.in(), z);
      String f = c.field("Activation", ActivationSpec.FUNCTION, act.create(units));
      code.beginControlFlow("for (int b = 0; b < batch; b++)");
      code.addStatement("$N.forward($N[b], $N[b], $L)", f, z, c.out(), units);
      code.endControlFlow();
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

  static final com.palantir.javapoet.ClassName DENSE_OP =
      com.palantir.javapoet.ClassName.get("dev.kerac.runtime.kernels", "DenseOp");

  /**
   * Keras's default {@code relu} is applied inside the kernel as the outputs are stored, and its
   * derivative taken from the output ({@code y > 0} exactly when {@code z > 0}). Not on the output
   * layer, whose activation derivative is skipped when back-propagating from logits.
   */
  private static boolean fusesRelu(LayerCode c, ActivationSpec act) {
    return act.kerasName().equals("relu") && !c.isOutput();
  }

  /** The layer's {@code DenseOp} field: kernel, bias, their gradients, the model's threads. */
  private static String op(LayerCode c, int in, int units, boolean bias, ActivationSpec act) {
    return c.field("Dense", DENSE_OP, com.palantir.javapoet.CodeBlock.of(
        "new $T($N, $L, $L, $N, $L, $N, $L, $L)", DENSE_OP, c.workers(), in, units, c.weight("kernel"),
        bias ? c.weight("bias") + "[0]" : "null", c.grad("kernel"),
        bias ? c.grad("bias") + "[0]" : "null", fusesRelu(c, act)));
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
    boolean fused = positions == 1 && fusesRelu(c, act);
    if (!act.isLinear() && !fused) {
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
      String op = op(c, in, units, bias, act);
      String needed = c.inputGradientFlag();
      if (fused) {
        code.add("// ReLU's derivative (from the output), kernel and bias gradients, then dx if needed.\n");
      }
      code.addStatement("$N.backward($N, $N, $N, batch, $L)", op, c.in(), c.out(), c.dOut(),
          needed == null ? c.dIn() : needed + " ? " + c.dIn() + " : null");
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
