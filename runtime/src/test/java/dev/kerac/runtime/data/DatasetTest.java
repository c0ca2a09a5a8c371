package dev.kerac.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.init.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {

  /** Sample i is {i, 10 i}, its target {100 i}: any mix-up of pairs shows. */
  private static Dataset numbered(int n) {
    float[][] x = new float[n][];
    float[][] y = new float[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new float[] {i, 10 * i};
      y[i] = new float[] {100 * i};
    }
    return new Dataset(x, y);
  }

  @Test
  void sizesAndSlices() {
    Dataset d = numbered(5);
    assertEquals(5, d.size());
    assertEquals(2, d.features());
    assertEquals(1, d.targets());
    Dataset s = d.slice(1, 3);
    assertEquals(2, s.size());
    assertSame(d.x()[1], s.x()[0]); // rows are shared
    assertEquals(3, d.take(3).size());
    assertEquals(5, d.take(99).size());
    assertEquals(0, d.take(0).size());
    assertThrows(IllegalArgumentException.class, () -> d.slice(3, 2));
    assertThrows(IllegalArgumentException.class, () -> d.slice(0, 6));
  }

  @Test
  void splitTakesTheLastFractionLikeKeras() {
    // Keras: split_at = floor(N * (1 - v)); validation is [split_at, N).
    int[][] cases = {{10, 20, 8}, {7, 30, 4}, {100, 10, 90}, {3, 50, 1}, {60000, 20, 48000}};
    for (int[] c : cases) {
      int n = c[0];
      double v = c[1] / 100.0;
      Dataset.Split s = numbered(n).split(v);
      assertEquals(c[2], s.train().size(), "N=" + n + " v=" + v);
      assertEquals(n - c[2], s.validation().size());
      assertEquals(0f, s.train().x()[0][0]);
      assertEquals((float) c[2], s.validation().x()[0][0]); // the first validation sample
      assertEquals(100f * (n - 1), s.validation().y()[n - c[2] - 1][0]);
    }
  }

  @Test
  void splitRejectsEmptyParts() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> numbered(5).split(1e-17)); // 1 - v == 1.0
    assertTrue(e.getMessage().contains("leaves no validation sample"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> numbered(1).split(0.5));
    assertTrue(e.getMessage().contains("leaves no training sample"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> numbered(5).split(0));
    assertThrows(IllegalArgumentException.class, () -> numbered(5).split(1));
    assertThrows(IllegalArgumentException.class, () -> numbered(5).split(Double.NaN));
  }

  @Test
  void shuffleKeepsPairsAndIsReproducible() {
    Dataset d = numbered(50);
    Dataset a = d.shuffled(new Rng(42));
    Dataset b = d.shuffled(new Rng(42));
    boolean moved = false;
    boolean[] seen = new boolean[50];
    for (int i = 0; i < 50; i++) {
      int k = (int) a.x()[i][0];
      assertEquals(10f * k, a.x()[i][1]);
      assertEquals(100f * k, a.y()[i][0]);
      assertSame(a.x()[i], b.x()[i]);
      seen[k] = true;
      moved |= k != i;
    }
    assertTrue(moved);
    for (boolean s : seen) {
      assertTrue(s);
    }
    assertNotEquals(Arrays.toString(Dataset.permutation(50, new Rng(1))),
        Arrays.toString(Dataset.permutation(50, new Rng(2))));
  }

  @Test
  void selectAndOf() {
    Dataset d = numbered(4).select(new int[] {3, 3, 0});
    assertArrayEquals(new float[][] {{300}, {300}, {0}}, d.y());
    assertThrows(IllegalArgumentException.class, () -> numbered(4).select(new int[] {4}));
    Dataset o = Dataset.of(new float[][] {{1}, {2}}, new int[] {7, 8});
    assertArrayEquals(new float[][] {{7}, {8}}, o.y());
  }

  @Test
  void invalidShapesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(new float[2][1], new float[3][1]));
    assertTrue(e.getMessage().contains("2 samples and 3 targets"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(new float[][] {{1, 2}, {3}}, new float[2][1]));
    assertTrue(e.getMessage().contains("x[1] has 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Dataset(null, new float[0][]));
  }
}
