package dev.kerac.runtime.metrics;

/**
 * Keras' {@code "accuracy"} string: binary accuracy when the output's last axis has size 1, sparse
 * categorical accuracy when {@code yTrue} rows hold one class id per position, categorical accuracy
 * otherwise, decided from the shapes of each update exactly as {@code compile} decides it.
 */
final class ShapeResolvedAccuracy extends MeanMetric {

  ShapeResolvedAccuracy(String name) {
    super(name);
  }

  @Override
  boolean sparseLabels(int labelLength, int predLength, int lastAxis) {
    return lastAxis > 1 && labelLength * lastAxis == predLength;
  }

  @Override
  double rowSum(float[] y, float[] p, int positions, int lastAxis, boolean sparse) {
    if (lastAxis == 1) {
      return BinaryAccuracy.rowSum(y, p, lastAxis, 0.5f);
    }
    return sparse
        ? SparseCategoricalAccuracy.rowSum(y, p, positions, lastAxis)
        : CategoricalAccuracy.rowSum(y, p, positions, lastAxis);
  }
}
