package dev.kerac.runtime.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.augmentation.Translation.Fill;
import dev.kerac.runtime.init.Rng;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Translation against hand-worked shifts: the fill modes on a row {@code a b c d}, whole-pixel shifts,
 * half-pixel bilinear shifts, and the backward pass as the exact adjoint of the forward one.
 */
class TranslationTest {

  /** A translation whose every draw is exactly {@code dy} rows and {@code dx} columns. */
  private static Translation fixed(int h, int w, int c, float dy, float dx, Fill fill, boolean bilinear,
      float fillValue) {
    return new Translation(h, w, c, dy / h, dy / h, dx / w, dx / w, fill, bilinear, fillValue, new Rng(1));
  }

  @Test
  void fillModesContinueARowAsKerasDrawsThem() {
    // For a b c d (indices 0..3), positions -5..8.
    int[] reflect = {map(Fill.REFLECT, -5), map(Fill.REFLECT, -4), map(Fill.REFLECT, -1), map(Fill.REFLECT, 4),
        map(Fill.REFLECT, 7), map(Fill.REFLECT, 8)};
    assertArrayEquals(new int[] {3, 3, 0, 3, 0, 0}, reflect, "d c b a | a b c d | d c b a");
    assertArrayEquals(new int[] {3, 0, 3}, new int[] {map(Fill.WRAP, -1), map(Fill.WRAP, 4), map(Fill.WRAP, -5)});
    assertArrayEquals(new int[] {0, 3}, new int[] {map(Fill.NEAREST, -3), map(Fill.NEAREST, 9)});
    assertArrayEquals(new int[] {-1, -1, 2}, new int[] {map(Fill.CONSTANT, -1), map(Fill.CONSTANT, 4),
        map(Fill.CONSTANT, 2)});
  }

  private static int map(Fill fill, int k) {
    return fixed(1, 4, 1, 0, 0, fill, true, 0).index(k, 4);
  }

  @Test
  void wholePixelShiftsMoveTheImage() {
    float[][] x = {{1, 2, 3, 4, 5, 6, 7, 8, 9}}; // 3x3, one channel
    float[][] y = new float[1][9];
    // Down 1, left 1, constant fill 0: out(i, j) = in(i - 1, j + 1).
    Translation t = fixed(3, 3, 1, 1, -1, Fill.CONSTANT, false, -7f);
    t.draw(1);
    t.forward(x, y, 1);
    assertArrayEquals(new float[] {-7, -7, -7, 2, 3, -7, 5, 6, -7}, y[0]);
    // Bilinear gives the same for whole pixels; nearest fill repeats the edge.
    t = fixed(3, 3, 1, 1, -1, Fill.NEAREST, true, 0f);
    t.draw(1);
    t.forward(x, y, 1);
    assertArrayEquals(new float[] {2, 3, 3, 2, 3, 3, 5, 6, 6}, y[0]);
  }

  @Test
  void halfPixelBilinearShiftAveragesNeighbours() {
    float[][] x = {{0, 10, 20, 30, 1, 11, 21, 31}}; // 1x4, two channels: (0, 1) (10, 11) (20, 21) (30, 31)
    float[][] y = new float[1][8];
    Translation t = fixed(1, 4, 2, 0, 0.5f, Fill.REFLECT, true, 0f);
    t.draw(1);
    t.forward(x, y, 1);
    // out(j) reads j - 0.5: halfway between j - 1 (reflected: -1 -> 0) and j; pixel k is x[2k], x[2k + 1].
    float[] expected = new float[8];
    for (int j = 0; j < 4; j++) {
      int left = Math.max(j - 1, 0);
      for (int c = 0; c < 2; c++) {
        expected[2 * j + c] = 0.5f * x[0][2 * left + c] + 0.5f * x[0][2 * j + c];
      }
    }
    assertArrayEquals(expected, y[0], 1e-6f);
  }

  @Test
  void backwardIsTheAdjointOfForward() {
    Random r = new Random(5);
    for (Fill fill : Fill.values()) {
      for (boolean bilinear : new boolean[] {true, false}) {
        Translation t = new Translation(5, 6, 3, -0.4f, 0.4f, -0.3f, 0.5f, fill, bilinear, 0f, new Rng(9));
        int n = 5 * 6 * 3;
        float[][] x = new float[4][n];
        float[][] g = new float[4][n];
        for (int b = 0; b < 4; b++) {
          for (int k = 0; k < n; k++) {
            x[b][k] = (float) r.nextGaussian();
            g[b][k] = (float) r.nextGaussian();
          }
        }
        float[][] y = new float[4][n];
        float[][] dx = new float[4][n];
        t.draw(4);
        t.forward(x, y, 4);
        t.backward(g, dx, 4);
        for (int b = 0; b < 4; b++) {
          double yg = 0;
          double xdx = 0;
          for (int k = 0; k < n; k++) {
            yg += (double) y[b][k] * g[b][k];
            xdx += (double) x[b][k] * dx[b][k];
          }
          // The map is linear (fill value 0): <T x, g> = <x, T^T g>.
          assertEquals(yg, xdx, 1e-4 * (1 + Math.abs(yg)), fill + (bilinear ? " bilinear" : " nearest"));
        }
      }
    }
  }

  @Test
  void drawsStayWithinTheFactors() {
    Translation t = new Translation(10, 20, 1, -0.2f, 0.1f, 0.25f, 0.5f, Fill.REFLECT, true, 0f, new Rng(3));
    t.draw(500);
    float dyMin = Float.MAX_VALUE;
    float dyMax = -Float.MAX_VALUE;
    for (int b = 0; b < 500; b++) {
      float[] s = t.shift(b);
      assertTrue(s[0] >= -2f && s[0] <= 1f, "dy " + s[0]);
      assertTrue(s[1] >= 5f && s[1] <= 10f, "dx " + s[1]);
      dyMin = Math.min(dyMin, s[0]);
      dyMax = Math.max(dyMax, s[0]);
    }
    assertTrue(dyMin < -1.9f && dyMax > 0.9f, "draws cover the range: " + dyMin + " .. " + dyMax);
  }

  @Test
  void refusesFactorsOutsideMinusOneToOne() {
    assertThrows(IllegalArgumentException.class,
        () -> new Translation(4, 4, 1, -1.5f, 0f, 0f, 0f, Fill.REFLECT, true, 0f, new Rng(1)));
    assertThrows(IllegalArgumentException.class,
        () -> new Translation(4, 4, 1, 0.2f, 0.1f, 0f, 0f, Fill.REFLECT, true, 0f, new Rng(1)));
  }
}
