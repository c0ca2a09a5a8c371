package dev.kerac.processor.layers.augmentation;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Locale;

/**
 * Keras {@code RandomFlip}, channels last. In training, each sample draws its flips from the layer's
 * seeded generator (kept for the backward pass) and is copied pixel by pixel (a pixel's channels
 * contiguous) from its mirrored position; the gradient goes back through the same mirror, since a
 * flip is its own inverse. In inference the layer copies its input.
 */
public final class RandomFlipKind implements LayerKind {
  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.augmentation.RandomFlip";
  }

  @Override
  public String kerasType() {
    return "RandomFlip";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    // The mode is an enum and the seed any long: nothing can be wrong before the input shape is known.
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    return Augmentation.image(layer, kerasType(), input, report);
  }

  @Override
  public String describe(LayerNode layer) {
    return "mode " + layer.annotation().getEnum("mode").toLowerCase(Locale.ROOT);
  }

  private static boolean horizontal(LayerCode c) {
    return !c.node().annotation().getEnum("mode").equals("VERTICAL");
  }

  private static boolean vertical(LayerCode c) {
    return !c.node().annotation().getEnum("mode").equals("HORIZONTAL");
  }

  private static String rng(LayerCode c) {
    return c.field("Rng", Augmentation.RNG, Augmentation.rng(c));
  }

  /** Per sample: bit 0 set when flipped left-right, bit 1 when flipped upside down. */
  private static String flips(LayerCode c) {
    return c.rows("Flips", 1);
  }

  @Override
  public void forward(LayerCode c) {
    var code = c.code();
    String rng = rng(c);
    String flips = flips(c);
    code.beginControlFlow("if (training)");
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    if (horizontal(c) && vertical(c)) {
      code.addStatement("$N[b][0] = ($N.nextFloat() < 0.5f ? 1 : 0) + ($N.nextFloat() < 0.5f ? 2 : 0)", flips, rng, rng);
    } else {
      code.addStatement("$N[b][0] = $N.nextFloat() < 0.5f ? $L : 0", flips, rng, horizontal(c) ? 1 : 2);
    }
    code.endControlFlow();
    mirror(c, c.in(), c.out(), flips);
    code.nextControlFlow("else");
    Augmentation.copy(c, c.in(), c.out());
    code.endControlFlow();
    code.addStatement("$N = training", Augmentation.transformed(c));
  }

  @Override
  public void backward(LayerCode c) {
    var code = c.code();
    code.beginControlFlow("if ($N)", Augmentation.transformed(c));
    mirror(c, c.dOut(), c.dIn(), flips(c));
    code.nextControlFlow("else");
    Augmentation.copy(c, c.dOut(), c.dIn());
    code.endControlFlow();
  }

  /** {@code to[b]} = {@code from[b]} mirrored as {@code flips[b]} says. */
  private static void mirror(LayerCode c, String from, String to, String flips) {
    Shape s = c.inShape();
    int height = s.dim(0);
    int width = s.dim(1);
    int channels = s.dim(2);
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("int f = (int) $N[b][0]", flips);
    code.addStatement("float[] x = $N[b]", from);
    code.addStatement("float[] y = $N[b]", to);
    code.beginControlFlow("for (int i = 0; i < $L; i++)", height);
    code.addStatement("int si = (f & 2) != 0 ? $L - i : i", height - 1);
    code.beginControlFlow("for (int j = 0; j < $L; j++)", width);
    code.addStatement("int sj = (f & 1) != 0 ? $L - j : j", width - 1);
    if (channels == 1) {
      code.addStatement("y[i * $L + j] = x[si * $L + sj]", width, width);
    } else {
      code.addStatement("System.arraycopy(x, (si * $L + sj) * $L, y, (i * $L + j) * $L, $L)",
          width, channels, width, channels, channels);
    }
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
  }
}
