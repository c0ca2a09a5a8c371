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
 * Keras {@code Cropping2D}: removes rows and columns at the borders of each image, channels last.
 * The forward pass copies the inner rows; the backward pass puts {@code dy} back in the middle of a
 * zeroed {@code dx}.
 */
public final class Cropping2DKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.reshaping.Cropping2D";
  }

  @Override
  public String kerasType() {
    return "Cropping2D";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Borders.check(a, "cropping", report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    if (!Checks.spatialInput(layer, kerasType(), input, 2, report)) {
      return null;
    }
    Borders.Sides s = Borders.read(a, "cropping");
    int h = input.dim(0) - s.top() - s.bottom();
    int w = input.dim(1) - s.left() - s.right();
    if (h <= 0) {
      report.error(a.element(), a.mirror(), "cropping", Message.CROP_EVERYTHING, layer.name(),
          s.top() + s.bottom(), input.dim(0), "rows", "top " + s.top() + " + bottom " + s.bottom(), input);
      return null;
    }
    if (w <= 0) {
      report.error(a.element(), a.mirror(), "cropping", Message.CROP_EVERYTHING, layer.name(),
          s.left() + s.right(), input.dim(1), "columns", "left " + s.left() + " + right " + s.right(), input);
      return null;
    }
    return new Shape(h, w, input.dim(2));
  }

  @Override
  public String describe(LayerNode layer) {
    return "cropping " + Borders.read(layer.annotation(), "cropping");
  }

  @Override
  public void forward(LayerCode c) {
    Shape out = c.outShape();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    Borders.crop(code, "x", "y", out.dim(0), out.dim(1), out.dim(2), Borders.read(c.node().annotation(), "cropping"));
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    Shape out = c.outShape();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    Borders.pad(code, "dy", "dx", out.dim(0), out.dim(1), out.dim(2), Borders.read(c.node().annotation(), "cropping"));
    code.endControlFlow();
  }
}
