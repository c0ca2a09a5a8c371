package dev.kerac.processor.layers.activations;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.model.WeightSpec;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keras {@code PReLU}: {@code y = x} for {@code x > 0}, else {@code alpha * x}, with a trainable alpha
 * per element of the input shape, shared along {@code sharedAxes}. Each input element's alpha index is
 * precomputed once (an {@code int[]} built at construction).
 */
public final class PReLUKind implements LayerKind {
  private static final ClassName SHAPES = ClassName.get("dev.kerac.runtime.model", "Shapes");

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.activations.PReLU";
  }

  @Override
  public String kerasType() {
    return "PReLU";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Checks.regularizer(a, "alphaRegularizer", report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    for (int axis : a.getIntArray("sharedAxes")) {
      if (axis < 1 || axis > input.rank()) {
        report.error(a.element(), a.mirror(), "sharedAxes", Message.SHARED_AXES, layer.name(),
            Arrays.toString(a.getIntArray("sharedAxes")), input.rank(), input);
        return null;
      }
    }
    return input;
  }

  private static Shape alphaShape(AnnotationReader a, Shape input) {
    int[] dims = input.dims();
    for (int axis : a.getIntArray("sharedAxes")) {
      dims[axis - 1] = 1;
    }
    return new Shape(dims);
  }

  @Override
  public List<WeightSpec> weights(LayerNode layer, Shape input) {
    AnnotationReader a = layer.annotation();
    AnnotationReader r = a.getAnnotation("alphaRegularizer");
    return List.of(new WeightSpec("alpha", alphaShape(a, input), true,
        a.getEnum("alphaInitializer").toLowerCase(Locale.ROOT), r.getDouble("l1"), r.getDouble("l2")));
  }

  private static String indexField(LayerCode c) {
    Shape alpha = alphaShape(c.node().annotation(), c.inShape());
    return c.field("AlphaIndex", ArrayTypeName.of(int.class), CodeBlock.of(
        "$T.broadcastIndex(new int[] {$L}, new int[] {$L})", SHAPES,
        join(c.inShape().dims()), join(alpha.dims())));
  }

  private static String join(int[] dims) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return b.toString();
  }

  @Override
  public void forward(LayerCode c) {
    String index = indexField(c);
    int cols = c.inShape().last() == 0 ? 1 : alphaShape(c.node().annotation(), c.inShape()).last();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    code.beginControlFlow("for (int k = 0; k < $L; k++)", c.inShape().size());
    code.addStatement("int a = $N[k]", index);
    code.addStatement("float alpha = $N[a / $L][a % $L]", c.weight("alpha"), cols, cols);
    code.addStatement("y[k] = x[k] > 0f ? x[k] : alpha * x[k]");
    code.endControlFlow();
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    String index = indexField(c);
    int cols = alphaShape(c.node().annotation(), c.inShape()).last();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.beginControlFlow("for (int k = 0; k < $L; k++)", c.inShape().size());
    code.addStatement("int a = $N[k]", index);
    code.beginControlFlow("if (x[k] > 0f)");
    code.addStatement("dx[k] = dy[k]");
    code.nextControlFlow("else");
    code.addStatement("dx[k] = $N[a / $L][a % $L] * dy[k]", c.weight("alpha"), cols, cols);
    code.addStatement("$N[a / $L][a % $L] += x[k] * dy[k]", c.grad("alpha"), cols, cols);
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
  }
}
