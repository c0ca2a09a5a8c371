package dev.kerac.processor.layers.pooling;

/**
 * Keras {@code GlobalMaxPooling2D}: the maximum of each channel over height and width
 * (see {@link GlobalPoolingKind}).
 */
public final class GlobalMaxPooling2DKind extends GlobalPoolingKind {

  public GlobalMaxPooling2DKind() {
    super(2, true);
  }

  @Override
  public String kerasType() {
    return "GlobalMaxPooling2D";
  }
}
