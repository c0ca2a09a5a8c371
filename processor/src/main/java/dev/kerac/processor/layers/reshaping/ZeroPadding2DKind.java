package dev.kerac.processor.layers.reshaping;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;

/**
 * Keras {@code ZeroPadding2D} (KERAS_SEMANTICS §1.21): zeros around each image, channels last. The
 * forward pass copies image rows into the middle of the output and zeroes the borders; the backward
 * pass copies the middle of {@code dy} back.
 */
public final class ZeroPadding2DKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.reshaping.ZeroPadding2D";
  }

  @Override
  public String kerasType() {
    return "ZeroPadding2D";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Borders.check(a, "padding", report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    if (!Checks.spatialInput(layer, kerasType(), input, 2, report)) {
      return null;
    }
    Borders.Sides s = Borders.read(a, "padding");
    return new Shape(input.dim(0) + s.top() + s.bottom(), input.dim(1) + s.left() + s.right(), input.dim(2));
  }

  @Override
  public String describe(LayerNode layer) {
    return "padding " + Borders.read(layer.annotation(), "padding");
  }

  @Override
  public void forward(LayerCode c) {
    Shape in = c.inShape();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    Borders.pad(code, "x", "y", in.dim(0), in.dim(1), in.dim(2), Borders.read(c.node().annotation(), "padding"));
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    Shape in = c.inShape();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    Borders.crop(code, "dy", "dx", in.dim(0), in.dim(1), in.dim(2), Borders.read(c.node().annotation(), "padding"));
    code.endControlFlow();
  }
}
