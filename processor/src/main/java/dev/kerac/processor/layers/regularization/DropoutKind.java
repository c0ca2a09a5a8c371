package dev.kerac.processor.layers.regularization;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;

/**
 * Keras {@code Dropout}: inverted dropout. In training a Bernoulli(1 - rate) mask scaled by
 * {@code 1 / (1 - rate)} is drawn from the layer's seeded generator and kept for the backward pass;
 * in inference the layer copies its input.
 */
public final class DropoutKind implements LayerKind {
  private static final ClassName RNG = ClassName.get("dev.kerac.runtime.init", "Rng");

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.regularization.Dropout";
  }

  @Override
  public String kerasType() {
    return "Dropout";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    double rate = a.getDouble("rate");
    if (!(rate >= 0 && rate < 1)) {
      report.error(a.element(), a.mirror(), "rate", Message.RATE_OUT_OF_RANGE, "Dropout", "rate", rate);
    }
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    return input;
  }

  @Override
  public String describe(LayerNode layer) {
    return "rate " + layer.annotation().getDouble("rate");
  }

  private static String rng(LayerCode c) {
    long seed = c.node().annotation().getLong("seed");
    // Without an explicit seed, derive one from the model seed and the layer name (stable across builds).
    CodeBlock init = seed >= 0
        ? CodeBlock.of("new $T($LL)", RNG, seed)
        : CodeBlock.of("new $T(seed ^ $LL)", RNG, (long) c.node().name().hashCode() * 0x9E3779B97F4A7C15L);
    return c.field("Rng", RNG, init);
  }

  @Override
  public void forward(LayerCode c) {
    double rate = c.node().annotation().getDouble("rate");
    int n = c.inShape().size();
    var code = c.code();
    if (rate == 0) {
      copy(code, c.in(), c.out(), n);
      return;
    }
    String rng = rng(c);
    String mask = c.rows("Mask", n);
    float keep = (float) (1 - rate);
    code.beginControlFlow("if (training)");
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] m = $N[b]", mask);
    code.addStatement("float[] y = $N[b]", c.out());
    code.beginControlFlow("for (int k = 0; k < $L; k++)", n);
    code.addStatement("m[k] = $N.nextFloat() < $Lf ? $Lf : 0f", rng, keep, 1f / keep);
    code.endControlFlow();
    code.beginControlFlow("for (int k = 0; k < $L; k++)", n);
    code.addStatement("y[k] = x[k] * m[k]");
    code.endControlFlow();
    code.endControlFlow();
    code.nextControlFlow("else");
    copy(code, c.in(), c.out(), n);
    code.endControlFlow();
    code.addStatement("$N = training", c.variable("Dropped", TypeName.BOOLEAN, CodeBlock.of("false")));
  }

  private static void copy(CodeBlock.Builder code, String from, String to, int n) {
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("System.arraycopy($N[b], 0, $N[b], 0, $L)", from, to, n);
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    double rate = c.node().annotation().getDouble("rate");
    int n = c.inShape().size();
    var code = c.code();
    if (rate == 0) {
      copy(code, c.dOut(), c.dIn(), n);
      return;
    }
    String mask = c.rows("Mask", n);
    code.beginControlFlow("if ($N)", c.variable("Dropped", TypeName.BOOLEAN, CodeBlock.of("false")));
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] m = $N[b]", mask);
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.beginControlFlow("for (int k = 0; k < $L; k++)", n);
    code.addStatement("dx[k] = dy[k] * m[k]");
    code.endControlFlow();
    code.endControlFlow();
    code.nextControlFlow("else");
    copy(code, c.dOut(), c.dIn(), n);
    code.endControlFlow();
  }
}
