package dev.kerac.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

  @Test
  void oneHotLikeToCategorical() {
    assertArrayEquals(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}},
        Preprocessing.oneHot(new int[] {2, 0, 1}, 3));
    assertArrayEquals(new float[][] {{0, 1}, {1, 0}},
        Preprocessing.oneHot(new float[][] {{1}, {0}}, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Preprocessing.oneHot(new int[] {0, 3}, 3));
    assertTrue(e.getMessage().contains("labels[1] = 3 is outside [0, 3)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Preprocessing.oneHot(new float[][] {{1.5f}}, 3));
    assertTrue(e.getMessage().contains("whole number, got 1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Preprocessing.oneHot(new float[][] {{0, 1}}, 2));
    assertTrue(e.getMessage().contains("has 2 values"), e.getMessage());
  }

  @Test
  void standardizeMatchesKerasNormalizationExamples() {
    // keras.layers.Normalization docstring: adapt [1..5] (mean 3, variance 2), call on [1, 2, 3]
    // gives [-1.4142135, -0.70710677, 0].
    Preprocessing.Scaler s =
        Preprocessing.Scaler.standardize(new float[][] {{1}, {2}, {3}, {4}, {5}});
    float[][] out = s.apply(new float[][] {{1}, {2}, {3}});
    assertEquals(-1.4142135f, out[0][0], 1e-6f);
    assertEquals(-0.70710677f, out[1][0], 1e-6f);
    assertEquals(0f, out[2][0], 0f);
    // Per feature: adapt [[0,7,4],[2,9,6],[0,7,4],[2,9,6]], call on [[0,7,4]] gives [-1,-1,-1].
    Preprocessing.Scaler t = Preprocessing.Scaler.standardize(
        new float[][] {{0, 7, 4}, {2, 9, 6}, {0, 7, 4}, {2, 9, 6}});
    assertArrayEquals(new float[] {1, 8, 5}, t.offset());
    assertArrayEquals(new float[] {1, 1, 1}, t.scale());
    assertArrayEquals(new float[][] {{-1, -1, -1}}, t.apply(new float[][] {{0, 7, 4}}));
  }

  @Test
  void constantFeaturesDoNotDivideByZero() {
    Preprocessing.Scaler s = Preprocessing.Scaler.standardize(new float[][] {{3}, {3}});
    assertEquals(1e-7f, s.scale()[0]); // Keras: max(sqrt(var), epsilon)
    assertArrayEquals(new float[][] {{0}}, s.apply(new float[][] {{3}}));
    Preprocessing.Scaler m = Preprocessing.Scaler.minMax(new float[][] {{3, 0}, {3, 10}});
    assertArrayEquals(new float[][] {{0, 0.5f}}, m.apply(new float[][] {{3, 5}}));
  }

  @Test
  void minMaxMapsTrainingRangeToUnitInterval() {
    float[][] x = {{-2, 10}, {0, 20}, {2, 30}};
    Preprocessing.Scaler m = Preprocessing.Scaler.minMax(x);
    assertArrayEquals(new float[][] {{0, 0}, {0.5f, 0.5f}, {1, 1}}, m.apply(x));
    // Applied to other data with the training statistics; the input is left alone.
    assertArrayEquals(new float[][] {{1.5f, -0.5f}}, m.apply(new float[][] {{4, 0}}));
    assertArrayEquals(new float[] {-2, 10}, x[0]);
    m.applyInPlace(x);
    assertArrayEquals(new float[] {1, 1}, x[2]);
    assertThrows(IllegalArgumentException.class, () -> m.apply(new float[][] {{1}}));
    assertThrows(IllegalArgumentException.class,
        () -> Preprocessing.Scaler.minMax(new float[0][]));
  }
}
