package dev.kerac.processor.layers.augmentation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;
import java.util.Locale;

/**
 * Keras {@code RandomTranslation}, channels last, on the runtime's {@code Translation}: in training
 * it draws each sample's shift and resamples the image; the backward pass spreads the gradient back
 * with the same weights. In inference the layer copies its input.
 */
public final class RandomTranslationKind implements LayerKind {
  private static final ClassName TRANSLATION = ClassName.get("dev.kerac.runtime.augmentation", "Translation");

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.augmentation.RandomTranslation";
  }

  @Override
  public String kerasType() {
    return "RandomTranslation";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    for (String factor : new String[] {"heightFactor", "widthFactor"}) {
      double[] f = a.getDoubleArray(factor);
      if (range(f) == null) {
        report.error(a.element(), a.mirror(), factor, Message.FACTOR_RANGE, kerasType(), factor,
            Arrays.toString(f));
      }
    }
    double fill = a.getDouble("fillValue");
    if (!Double.isFinite(fill)) {
      report.error(a.element(), a.mirror(), "fillValue", Message.VALUE_NOT_FINITE, kerasType(), "fillValue", fill);
    }
  }

  /** {@code {low, high}} of a factor ({@code f} means {@code [-f, f]}), or null when invalid. */
  private static double[] range(double[] f) {
    double[] r = f.length == 1 ? new double[] {-Math.abs(f[0]), Math.abs(f[0])}
        : f.length == 2 ? f : null;
    return r != null && r[0] >= -1 && r[0] <= r[1] && r[1] <= 1 ? r : null;
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    return Augmentation.image(layer, kerasType(), input, report);
  }

  @Override
  public String describe(LayerNode layer) {
    AnnotationReader a = layer.annotation();
    return "height " + Arrays.toString(range(a.getDoubleArray("heightFactor"))) + ", width "
        + Arrays.toString(range(a.getDoubleArray("widthFactor"))) + ", "
        + a.getEnum("fillMode").toLowerCase(Locale.ROOT) + ", " + a.getEnum("interpolation").toLowerCase(Locale.ROOT);
  }

  private static String op(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    Shape s = c.inShape();
    double[] h = range(a.getDoubleArray("heightFactor"));
    double[] w = range(a.getDoubleArray("widthFactor"));
    CodeBlock init = CodeBlock.of("new $T($L, $L, $L, $Lf, $Lf, $Lf, $Lf, $T.Fill.$L, $L, $Lf, $L)", TRANSLATION,
        s.dim(0), s.dim(1), s.dim(2), (float) h[0], (float) h[1], (float) w[0], (float) w[1], TRANSLATION,
        a.getEnum("fillMode"), a.getEnum("interpolation").equals("BILINEAR"), (float) a.getDouble("fillValue"),
        Augmentation.rng(c));
    return c.field("Translation", TRANSLATION, init);
  }

  @Override
  public void forward(LayerCode c) {
    var code = c.code();
    String op = op(c);
    code.beginControlFlow("if (training)");
    code.addStatement("$N.draw(batch)", op);
    code.addStatement("$N.forward($N, $N, batch)", op, c.in(), c.out());
    code.nextControlFlow("else");
    Augmentation.copy(c, c.in(), c.out());
    code.endControlFlow();
    code.addStatement("$N = training", Augmentation.transformed(c));
  }

  @Override
  public void backward(LayerCode c) {
    var code = c.code();
    code.beginControlFlow("if ($N)", Augmentation.transformed(c));
    code.addStatement("$N.backward($N, $N, batch)", op(c), c.dOut(), c.dIn());
    code.nextControlFlow("else");
    Augmentation.copy(c, c.dOut(), c.dIn());
    code.endControlFlow();
  }
}
