package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MonitorTest {

  @Test
  void autoModeFollowsTheMetricName() {
    for (String max : new String[] {"accuracy", "val_accuracy", "acc", "val_acc", "binary_accuracy",
        "val_sparse_categorical_accuracy", "top_k_categorical_accuracy", "BinaryAccuracy", "auc",
        "val_auc", "AUC", "precision", "val_recall", "cosine_similarity"}) {
      assertTrue(Monitor.maximize(max, "auto", "EarlyStopping"), max);
    }
    for (String min : new String[] {"loss", "val_loss", "mse", "val_mae", "mean_squared_error",
        "val_mean_absolute_percentage_error", "root_mean_squared_error", "MeanSquaredError",
        "binary_crossentropy", "val_sparse_categorical_crossentropy", "kl_divergence", "poisson",
        "squared_hinge", "log_cosh_error", "huber_loss"}) {
      assertFalse(Monitor.maximize(min, "auto", "EarlyStopping"), min);
    }
  }

  @Test
  void explicitModeWinsAndUnknownAutoIsAnError() {
    assertTrue(Monitor.maximize("val_loss", "max", "X"));
    assertFalse(Monitor.maximize("val_accuracy", "min", "X"));
    assertTrue(Monitor.maximize("my_score", "max", "X"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Monitor.maximize("my_score", "auto", "EarlyStopping"));
    assertTrue(e.getMessage().startsWith("EarlyStopping callback received monitor=my_score"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Monitor.checkMode("minimum"));
    assertThrows(IllegalArgumentException.class, () -> Monitor.checkMode(null));
    assertEquals("min", Monitor.checkMode("min"));
    assertThrows(IllegalArgumentException.class, () -> Monitor.checkMonitor(""));
  }

  @Test
  void improvementIsStrictAndRespectsMinDelta() {
    assertTrue(Monitor.isImprovement(0.5, 0.6, 0, false));
    assertFalse(Monitor.isImprovement(0.6, 0.6, 0, false));
    assertFalse(Monitor.isImprovement(0.55, 0.6, 0.1, false)); // needs < 0.5
    assertTrue(Monitor.isImprovement(0.45, 0.6, 0.1, false));
    assertTrue(Monitor.isImprovement(0.7, 0.6, 0, true));
    assertFalse(Monitor.isImprovement(0.65, 0.6, 0.1, true)); // needs > 0.7
    assertTrue(Monitor.isImprovement(0.75, 0.6, 0.1, true));
    assertFalse(Monitor.isImprovement(Double.NaN, 0.6, 0, false));
    assertFalse(Monitor.isImprovement(Double.NaN, 0.6, 0, true));
  }

  @Test
  void comparisonIsInFloat32AsKerasOps() {
    // 1 - 1e-9 and 1 are the same float32: Keras' ops.less sees no improvement.
    assertFalse(Monitor.isImprovement(1 - 1e-9, 1.0, 0, false));
    assertFalse(Monitor.isImprovement(1 + 1e-9, 1.0, 0, true));
  }
}
