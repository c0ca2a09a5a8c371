package dev.kerac.runtime.model;

import dev.kerac.annotations.Layer;
import java.util.Arrays;

/**
 * What {@code summary()} shows about one layer: its name, Keras class name, output shape (batch
 * excluded) and parameter counts.
 *
 * @param name the layer name, e.g. {@code hidden1}
 * @param type the Keras class name, e.g. {@code Dense}
 * @param outputShape output shape without the batch axis
 * @param trainableParams number of trainable scalars
 * @param nonTrainableParams number of non-trainable scalars (e.g. BatchNormalization moving stats)
 */
public record LayerInfo(
    String name, String type, int[] outputShape, long trainableParams, long nonTrainableParams)
    implements Layer {

  public LayerInfo {
    outputShape = outputShape.clone();
  }

  public long params() {
    return trainableParams + nonTrainableParams;
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerInfo l
        && name.equals(l.name)
        && type.equals(l.type)
        && Arrays.equals(outputShape, l.outputShape)
        && trainableParams == l.trainableParams
        && nonTrainableParams == l.nonTrainableParams;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(outputShape);
  }

  @Override
  public String toString() {
    return name + " (" + type + ") " + Arrays.toString(outputShape) + " " + params();
  }
}
