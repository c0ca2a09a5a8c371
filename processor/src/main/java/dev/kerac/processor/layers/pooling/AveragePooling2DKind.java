package dev.kerac.processor.layers.pooling;

/** Keras {@code AveragePooling2D}: average pooling over 2 spatial axes (see {@link PoolingKind}). */
public final class AveragePooling2DKind extends PoolingKind {

  public AveragePooling2DKind() {
    super(2, false);
  }

  @Override
  public String kerasType() {
    return "AveragePooling2D";
  }
}
