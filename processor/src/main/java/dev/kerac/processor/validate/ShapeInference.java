package dev.kerac.processor.validate;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.ModelSpec;
import dev.kerac.processor.model.Shape;

/**
 * Static shape inference: walks the layers in order, asks each kind for its output shape and
 * weights, and stops at the first layer that cannot be placed (later shapes would be guesses).
 */
public final class ShapeInference {
  private ShapeInference() {}

  /** Resolves every layer's shapes; returns false after reporting a problem. */
  public static boolean infer(ModelSpec model, Report report) {
    for (LayerNode layer : model.layers()) {
      Shape in = layer.inputs().isEmpty() ? model.inputShape() : layer.inputs().get(0).outputShape();
      Shape out = layer.kind().outputShape(layer, in, report);
      if (out == null || !report.clean()) {
        return false;
      }
      layer.resolve(in, out, layer.kind().weights(layer, in));
    }
    return true;
  }
}
