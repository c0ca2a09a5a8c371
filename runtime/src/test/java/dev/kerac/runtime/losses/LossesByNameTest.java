package dev.kerac.runtime.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossesByNameTest {

  @Test
  void functionAndClassNamesGiveTheSharedInstances() {
    assertSame(Losses.MEAN_SQUARED_ERROR, Losses.byName("mean_squared_error"));
    assertSame(Losses.MEAN_SQUARED_ERROR, Losses.byName("MeanSquaredError"));
    assertSame(Losses.CATEGORICAL_CROSSENTROPY, Losses.byName("categorical_crossentropy"));
    assertSame(Losses.SPARSE_CATEGORICAL_CROSSENTROPY, Losses.byName("SparseCategoricalCrossentropy"));
    assertSame(Losses.HUBER, Losses.byName("Huber"));
    assertSame(Losses.KL_DIVERGENCE, Losses.byName("kl_divergence"));
    assertSame(Losses.COSINE_SIMILARITY, Losses.byName("cosine_similarity"));
  }

  @Test
  void aliasesKeepTheTypedName() {
    String[][] aliases = {
      {"mse", "MeanSquaredError"}, {"MSE", "MeanSquaredError"}, {"mae", "MeanAbsoluteError"},
      {"MAE", "MeanAbsoluteError"}, {"mape", "MeanAbsolutePercentageError"},
      {"MAPE", "MeanAbsolutePercentageError"}, {"msle", "MeanSquaredLogarithmicError"},
      {"MSLE", "MeanSquaredLogarithmicError"}, {"kld", "KLDivergence"}, {"KLD", "KLDivergence"},
      {"bce", "BinaryCrossentropy"}, {"BCE", "BinaryCrossentropy"}, {"logcosh", "LogCosh"},
      {"huber", "Huber"}, {"poisson", "Poisson"}, {"hinge", "Hinge"},
      {"squared_hinge", "SquaredHinge"}, {"categorical_hinge", "CategoricalHinge"},
    };
    for (String[] a : aliases) {
      Loss loss = Losses.byName(a[0]);
      assertEquals(a[1], loss.getClass().getSimpleName(), a[0]);
      assertEquals(a[0], loss.name());
    }
  }

  @Test
  void defaultNamesAreKerasNames() {
    assertEquals("huber_loss", Losses.HUBER.name());
    assertEquals("log_cosh", Losses.LOG_COSH.name());
    assertEquals("kl_divergence", Losses.KL_DIVERGENCE.name());
    assertEquals("binary_crossentropy", Losses.binaryCrossentropy(true, 0.1f).name());
  }

  @Test
  void crossentropyIsChosenFromShapes() {
    assertInstanceOf(BinaryCrossentropy.class, Losses.byName("crossentropy", 1, false));
    assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.byName("ce", 10, true));
    assertInstanceOf(CategoricalCrossentropy.class, Losses.byName("crossentropy", 10, false));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Losses.byName("crossentropy"));
    assertTrue(e.getMessage().contains("outputLastAxis"), e.getMessage());
  }

  @Test
  void unknownNamesAreRejectedWithTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Losses.byName("meansquarederror"));
    assertTrue(e.getMessage().contains("did you mean 'mean_squared_error'"), e.getMessage());
    assertTrue(e.getMessage().contains("categorical_crossentropy"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Losses.byName(null));
  }

  @Test
  void fusionIsOfferedOnlyForProbabilityCrossentropies() {
    assertTrue(Losses.CATEGORICAL_CROSSENTROPY.fusesWith("softmax"));
    assertTrue(Losses.SPARSE_CATEGORICAL_CROSSENTROPY.fusesWith("softmax"));
    assertTrue(Losses.BINARY_CROSSENTROPY.fusesWith("sigmoid"));
    assertFalse(Losses.CATEGORICAL_CROSSENTROPY.fusesWith("sigmoid"));
    assertFalse(Losses.BINARY_CROSSENTROPY.fusesWith("softmax"));
    assertFalse(Losses.categoricalCrossentropy(true, 0f).fusesWith("softmax"));
    assertFalse(Losses.binaryCrossentropy(true, 0f).fusesWith("sigmoid"));
    assertFalse(Losses.MEAN_SQUARED_ERROR.fusesWith("softmax"));
    float[][] one = {{1f}};
    assertThrows(IllegalStateException.class,
        () -> Losses.MEAN_SQUARED_ERROR.computeFused(one, one, null, 1, 1, one));
  }

  @Test
  void badArgumentsNameWhatWasExpected() {
    assertThrows(IllegalArgumentException.class, () -> Losses.huber(0));
    assertThrows(IllegalArgumentException.class, () -> Losses.binaryCrossentropy(false, 1.5f));
    assertThrows(IllegalArgumentException.class, () -> Losses.categoricalCrossentropy(false, -0.1f));
    float[][] p = {{.2f, .8f}};
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> Losses.CATEGORICAL_CROSSENTROPY.compute(new float[][] {{1f}}, p, null, 1, 2, null));
    assertTrue(rows.getMessage().contains("yTrue row 0 has 1 values, expected 2"), rows.getMessage());
    IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
        () -> Losses.SPARSE_CATEGORICAL_CROSSENTROPY.compute(new float[][] {{2f}}, p, null, 1, 2, null));
    assertTrue(id.getMessage().contains("[0, 2), got 2.0"), id.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Losses.SPARSE_CATEGORICAL_CROSSENTROPY.compute(new float[][] {{0.5f}}, p, null, 1, 2, null));
    IllegalArgumentException axis = assertThrows(IllegalArgumentException.class,
        () -> Losses.MEAN_SQUARED_ERROR.compute(p, p, null, 1, 3, null));
    assertTrue(axis.getMessage().contains("lastAxis=3"), axis.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Losses.MEAN_SQUARED_ERROR.compute(p, p, new float[0], 1, 2, null));
    assertThrows(IllegalArgumentException.class,
        () -> Losses.MEAN_SQUARED_ERROR.compute(p, p, null, 2, 2, null));
  }

  @Test
  void emptyBatchHasLossZero() {
    assertEquals(0.0, Losses.MEAN_SQUARED_ERROR.compute(new float[0][], new float[0][], null, 0, 3, null));
  }
}
