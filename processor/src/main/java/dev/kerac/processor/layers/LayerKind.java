package dev.kerac.processor.layers;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.model.WeightSpec;
import dev.kerac.processor.read.AnnotationReader;
import java.util.List;

/**
 * Everything particular to one layer kind: which annotation it reads, what it checks, its shape rule,
 * its weights and the code of its forward and backward passes. The pipeline stages are generic and
 * look kinds up in {@link LayerKinds}. Adding a layer kind = one annotation + one kind class + tests.
 */
public interface LayerKind {

  /** Canonical name of the annotation, e.g. {@code dev.kerac.annotations.layers.core.Dense}. */
  String annotation();

  /** The Keras class name shown by {@code summary()}, e.g. {@code Dense}. */
  String kerasType();

  /** Checks the annotation's own values (shapes are not known yet); reports each problem. */
  void check(AnnotationReader a, Report report);

  /** The output shape for {@code input}, or {@code null} after reporting why there is none. */
  Shape outputShape(LayerNode layer, Shape input, Report report);

  /** The layer's weights in Keras order, for a valid input shape. */
  default List<WeightSpec> weights(LayerNode layer, Shape input) {
    return List.of();
  }

  /** True when the output is the input reinterpreted (Flatten, Reshape): no code, shared buffers. */
  default boolean aliasesInput() {
    return false;
  }

  /** The Keras name of the activation the layer ends with ({@code linear} if none). */
  default String activation(LayerNode layer) {
    return "linear";
  }

  /** A short description for the comment above the layer's code, e.g. {@code relu}. */
  default String describe(LayerNode layer) {
    return "";
  }

  /** Emits the forward pass over rows {@code [0, batch)}; {@code training} is in scope. */
  void forward(LayerCode c);

  /**
   * Emits the backward pass: reads {@code c.dOut()}, accumulates weight gradients (zeroed before the
   * first layer runs) and writes {@code c.dIn()}. May overwrite {@code c.dOut()}.
   */
  void backward(LayerCode c);
}
