package dev.kerac.processor.layers.reshaping;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;

/**
 * Keras {@code RepeatVector} (KERAS_SEMANTICS §1.5): {@code (d)} becomes {@code (n, d)}, n copies.
 * Backward sums the n copies' gradients.
 */
public final class RepeatVectorKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.reshaping.RepeatVector";
  }

  @Override
  public String kerasType() {
    return "RepeatVector";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Checks.positive(a, "n", report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    if (input.rank() != 1) {
      report.error(a.element(), a.mirror(), Message.SHAPE_RANK, kerasType(), layer.name(), "1 (features)", input,
          input.rank() > 1 ? "; add @Flatten before it" : "");
      return null;
    }
    return new Shape(a.getInt("n"), input.dim(0));
  }

  @Override
  public String describe(LayerNode layer) {
    return layer.annotation().getInt("n") + " copies";
  }

  @Override
  public void forward(LayerCode c) {
    int n = c.node().annotation().getInt("n");
    int d = c.inShape().dim(0);
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    code.beginControlFlow("for (int r = 0; r < $L; r++)", n)
        .addStatement("$T.arraycopy(x, 0, y, r * $L, $L)", System.class, d, d)
        .endControlFlow();
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    int n = c.node().annotation().getInt("n");
    int d = c.inShape().dim(0);
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.addStatement("$T.arraycopy(dy, 0, dx, 0, $L)", System.class, d);
    code.beginControlFlow("for (int r = 1; r < $L; r++)", n);
    code.addStatement("int o = r * $L", d);
    code.beginControlFlow("for (int k = 0; k < $L; k++)", d)
        .addStatement("dx[k] += dy[o + k]")
        .endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
  }
}
