package dev.kerac.processor.layers.pooling;

/** Keras {@code MaxPooling2D}: max pooling over 2 spatial axes (see {@link PoolingKind}). */
public final class MaxPooling2DKind extends PoolingKind {

  public MaxPooling2DKind() {
    super(2, true);
  }

  @Override
  public String kerasType() {
    return "MaxPooling2D";
  }
}
