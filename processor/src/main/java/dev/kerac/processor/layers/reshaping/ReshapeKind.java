package dev.kerac.processor.layers.reshaping;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;

/**
 * Keras {@code Reshape}: a row-major reinterpretation, so the output shares the input's rows. One
 * target dimension may be -1.
 */
public final class ReshapeKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.reshaping.Reshape";
  }

  @Override
  public String kerasType() {
    return "Reshape";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    int[] target = a.getIntArray("targetShape");
    int unknown = 0;
    boolean ok = target.length > 0;
    for (int d : target) {
      if (d == -1) {
        unknown++;
      } else if (d <= 0) {
        ok = false;
      }
    }
    if (!ok || unknown > 1) {
      report.error(a.element(), a.mirror(), "targetShape", Message.SHAPE_RESHAPE_UNKNOWN,
          a.element().getSimpleName(), Arrays.toString(target));
    }
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    int[] target = a.getIntArray("targetShape");
    int known = 1;
    int unknownAt = -1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        unknownAt = i;
      } else {
        known *= target[i];
      }
    }
    if (unknownAt >= 0) {
      if (input.size() % known != 0) {
        report.error(a.element(), a.mirror(), "targetShape", Message.SHAPE_RESHAPE_NOT_DIVISIBLE,
            layer.name(), input, input.size(), Arrays.toString(target), input.size(), known);
        return null;
      }
      target[unknownAt] = input.size() / known;
      known = input.size();
    }
    if (known != input.size()) {
      report.error(a.element(), a.mirror(), "targetShape", Message.SHAPE_RESHAPE_COUNT,
          layer.name(), input, input.size(), new Shape(target), known);
      return null;
    }
    return new Shape(target);
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
