package dev.kerac.processor.layers.augmentation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;

/**
 * What the augmentation kinds share: they take images, draw from a seeded generator in training only,
 * remember whether the last forward pass transformed (so the backward pass follows it), and copy
 * otherwise.
 */
final class Augmentation {
  static final ClassName RNG = ClassName.get("dev.kerac.runtime.init", "Rng");

  private Augmentation() {}

  /** The output shape: the input, which must be an image {@code (height, width, channels)}. */
  static Shape image(LayerNode layer, String kerasType, Shape input, Report report) {
    return Checks.spatialInput(layer, kerasType, input, 2, report) ? input : null;
  }

  /** A new generator: the layer's seed, or one derived from the model seed and the layer name. */
  static CodeBlock rng(LayerCode c) {
    long seed = c.node().annotation().getLong("seed");
    // Without an explicit seed, derive one from the model seed and the layer name (stable across builds).
    return seed >= 0
        ? CodeBlock.of("new $T($LL)", RNG, seed)
        : CodeBlock.of("new $T(seed ^ $LL)", RNG, (long) c.node().name().hashCode() * 0x9E3779B97F4A7C15L);
  }

  /** The flag set by the forward pass: whether it transformed (training) or copied. */
  static String transformed(LayerCode c) {
    return c.variable("Transformed", TypeName.BOOLEAN, CodeBlock.of("false"));
  }

  /** {@code to[b] = from[b]} for every sample of the batch. */
  static void copy(LayerCode c, String from, String to) {
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("System.arraycopy($N[b], 0, $N[b], 0, $L)", from, to, c.inShape().size());
    code.endControlFlow();
  }
}
