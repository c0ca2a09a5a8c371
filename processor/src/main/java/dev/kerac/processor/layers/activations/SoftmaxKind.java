package dev.kerac.processor.layers.activations;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.layers.ActivationLayerKind;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;

/** Keras {@code Softmax} layer over the last axis. */
public final class SoftmaxKind extends ActivationLayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.activations.Softmax";
  }

  @Override
  public String kerasType() {
    return "Softmax";
  }

  @Override
  public void check(AnnotationReader a, Report report) {}

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    int axis = a.getInt("axis");
    if (axis != -1 && axis != input.rank()) {
      report.error(a.element(), a.mirror(), "axis", Message.SOFTMAX_AXIS, layer.name(), axis, input.rank());
      return null;
    }
    return input;
  }

  @Override
  protected ActivationSpec spec(AnnotationReader a, Report report) {
    return ActivationSpec.ofDefaults("SOFTMAX");
  }
}
