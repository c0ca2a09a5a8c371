package dev.kerac.runtime.losses;

/**
 * Keras {@code CosineSimilarity} loss: per position, {@code -sum(n(y) * n(p))} over the last axis with
 * {@code n(v) = v / sqrt(max(sum(v^2), 1e-14))}. Ranges from -1 (same direction, best) to 1.
 *
 * <pre>{@code
 * double loss = Losses.COSINE_SIMILARITY.compute(targets, embeddings, null, batch, dims, grad);
 * }</pre>
 */
public final class CosineSimilarity extends BaseLoss {
  private static final double EPS_SQ = EPS * EPS;

  CosineSimilarity(String name) {
    super(name);
  }

  @Override
  double row(float[] y, float[] p, int positions, int lastAxis, int mode, float[] g, double scale) {
    double sum = 0.0;
    for (int pos = 0, o = 0; pos < positions; pos++, o += lastAxis) {
      double yy = 0.0;
      double pp = 0.0;
      double yp = 0.0;
      for (int j = o; j < o + lastAxis; j++) {
        yy += (double) y[j] * y[j];
        pp += (double) p[j] * p[j];
        yp += (double) y[j] * p[j];
      }
      double ry = 1.0 / Math.sqrt(Math.max(yy, EPS_SQ));
      double rp = 1.0 / Math.sqrt(Math.max(pp, EPS_SQ));
      sum -= yp * ry * rp;
      if (g != null) {
        // d/dp_j of -(y.p) ry rp; rp depends on p only while sum(p^2) exceeds the floor
        double c = pp > EPS_SQ ? yp * rp * rp : 0.0;
        double s = -scale * ry * rp;
        for (int j = o; j < o + lastAxis; j++) {
          g[j] = (float) (s * (y[j] - c * p[j]));
        }
      }
    }
    return sum;
  }
}
