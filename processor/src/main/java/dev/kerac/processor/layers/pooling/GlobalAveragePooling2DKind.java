package dev.kerac.processor.layers.pooling;

/**
 * Keras {@code GlobalAveragePooling2D}: the mean of each channel over height and width
 * (see {@link GlobalPoolingKind}).
 */
public final class GlobalAveragePooling2DKind extends GlobalPoolingKind {

  public GlobalAveragePooling2DKind() {
    super(2, false);
  }

  @Override
  public String kerasType() {
    return "GlobalAveragePooling2D";
  }
}
