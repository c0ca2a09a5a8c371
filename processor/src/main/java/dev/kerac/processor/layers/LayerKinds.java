package dev.kerac.processor.layers;

import dev.kerac.processor.layers.activations.ELUKind;
import dev.kerac.processor.layers.activations.LeakyReLUKind;
import dev.kerac.processor.layers.activations.PReLUKind;
import dev.kerac.processor.layers.activations.ReLUKind;
import dev.kerac.processor.layers.activations.SoftmaxKind;
import dev.kerac.processor.layers.core.ActivationKind;
import dev.kerac.processor.layers.core.DenseKind;
import dev.kerac.processor.layers.regularization.DropoutKind;
import dev.kerac.processor.layers.reshaping.FlattenKind;
import dev.kerac.processor.layers.reshaping.ReshapeKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of layer kinds, keyed by annotation name. */
public final class LayerKinds {
  private static final List<LayerKind> ALL =
      List.of(
          new DenseKind(),
          new ActivationKind(),
          new ReLUKind(),
          new LeakyReLUKind(),
          new PReLUKind(),
          new ELUKind(),
          new SoftmaxKind(),
          new DropoutKind(),
          new FlattenKind(),
          new ReshapeKind());

  private static final Map<String, LayerKind> BY_ANNOTATION = new LinkedHashMap<>();

  static {
    for (LayerKind k : ALL) {
      BY_ANNOTATION.put(k.annotation(), k);
    }
  }

  private LayerKinds() {}

  /** The kind for an annotation's canonical name, or {@code null} if it is not a layer annotation. */
  public static LayerKind forAnnotation(String canonicalName) {
    return BY_ANNOTATION.get(canonicalName);
  }

  public static List<LayerKind> all() {
    return ALL;
  }
}
