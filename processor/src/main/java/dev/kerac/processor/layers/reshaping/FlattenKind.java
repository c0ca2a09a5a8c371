package dev.kerac.processor.layers.reshaping;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;

/**
 * Keras {@code Flatten}: samples are stored flattened row-major already, so the output shares the
 * input's rows and no code runs.
 */
public final class FlattenKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.reshaping.Flatten";
  }

  @Override
  public String kerasType() {
    return "Flatten";
  }

  @Override
  public void check(AnnotationReader a, Report report) {}

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    return new Shape(input.size());
  }

  @Override
  public boolean aliasesInput() {
    return true;
  }

  @Override
  public void forward(LayerCode c) {}

  @Override
  public void backward(LayerCode c) {}
}
