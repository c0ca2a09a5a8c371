package dev.kerac.runtime.losses;

/**
 * Keras {@code SquaredHinge}: {@code mean(max(1 - t * p, 0)^2)} over the last axis, with the label
 * mapping of {@link Hinge}.
 *
 * <pre>{@code
 * double loss = Losses.SQUARED_HINGE.compute(labels, scores, null, batch, outputs, grad);
 * }</pre>
 */
public final class SquaredHinge extends BaseLoss {
  SquaredHinge(String name) {
    super(name);
  }

  @Override
  int batchMode(float[][] yTrue, int batch) {
    return Hinge.binaryLabels(yTrue, batch);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    return Hinge.hingeRow(true, y, p, lastAxis, mode, g, scale);
  }
}
