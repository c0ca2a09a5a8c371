package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Parameter;
import org.junit.jupiter.api.Test;

/** The test double itself: its hand-written gradient and that fit trains it. */
class LinearModelTest {

  /** Sum of squared outputs / 2: its gradient with respect to the output is the output. */
  private static double halfSquares(LinearModel m, float[][] x) {
    m.forward(x, x.length, true);
    double s = 0;
    for (int b = 0; b < x.length; b++) {
      for (float v : m.output()[b]) {
        s += 0.5 * v * v;
      }
    }
    return s;
  }

  @Test
  void backwardMatchesFiniteDifferences() {
    LinearModel m = new LinearModel(3, 2, 1);
    m.parameters().get(1).set(new float[] {0.3f, -0.2f});
    float[][] x = {{0.5f, -1f, 0.25f}, {1f, 0.5f, -0.75f}};
    m.ensureCapacity(2);
    m.forward(x, 2, true);
    float[][] dy = new float[2][2];
    for (int b = 0; b < 2; b++) {
      System.arraycopy(m.output()[b], 0, dy[b], 0, 2);
    }
    m.backward(dy, 2);
    for (Parameter p : m.parameters()) {
      float[][] v = p.value();
      for (int r = 0; r < v.length; r++) {
        for (int c = 0; c < v[r].length; c++) {
          float keep = v[r][c];
          double h = 1e-2; // exact for this quadratic in float64 up to float32 rounding
          v[r][c] = (float) (keep + h);
          double up = halfSquares(m, x);
          v[r][c] = (float) (keep - h);
          double down = halfSquares(m, x);
          v[r][c] = keep;
          double numeric = (up - down) / ((float) (keep + h) - (float) (keep - h));
          assertEquals(numeric, p.grad()[r][c], 1e-4, p.path() + "[" + r + "][" + c + "]");
        }
      }
    }
  }

  @Test
  void fitLowersTheLoss() {
    LinearModel m = new LinearModel(3, 1, 7);
    m.compile(new dev.kerac.runtime.optimizers.SGD(0.1), Losses.MEAN_SQUARED_ERROR);
    float[][][] d = LinearModel.data(64, 3);
    History h = m.fit(d[0], d[1], Fit.epochs(20).batchSize(8).verbose(0));
    double[] loss = h.get("loss");
    assertTrue(loss[19] < 0.01 * loss[0], java.util.Arrays.toString(loss));
  }
}
