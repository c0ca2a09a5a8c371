package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.optimizers.SGD;
import org.junit.jupiter.api.Test;

/**
 * ReduceLROnPlateau and LearningRateScheduler against KERAS_SEMANTICS.md §8.5. The optimizer's rate
 * is a float32 variable in Keras, so the logged rates are float32 values widened to double: 0.1 is
 * logged as {@code (double) 0.1f = 0.10000000149011612}.
 */
class LearningRateCallbacksTest {
  private static final double L0 = (double) 0.1f;

  private static History fit(LinearModel m, int epochs, Scripted.Output out, Callback... callbacks) {
    return m.fit(Scripted.DATA[0], Scripted.DATA[1], Scripted.quiet(epochs, out).callbacks(callbacks));
  }

  @Test
  void plateauReducesWithCooldownAndMinLr() {
    // patience 1, factor 0.5, cooldown 2, min_lr 0.02, a flat val_loss of 1.0:
    // e0 best; e1 wait 1 -> lr R1 = L0*0.5, cooldown 2; e2 cooldown 2->1 (skipped);
    // e3 cooldown 1->0, then wait 1 -> R2 = R1*0.5, cooldown 2; e4 skipped;
    // e5 wait 1 -> max(R2*0.5, 0.02) = 0.02; e6 skipped; e7 and e8: lr (float 0.02) is not above
    // float32(min_lr), nothing changes.
    LinearModel m = Scripted.model();
    ReduceLROnPlateau plateau = new ReduceLROnPlateau().patience(1).factor(0.5).cooldown(2).minLr(0.02);
    double[] flat = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    History h = fit(m, 9, new Scripted.Output(), new Scripted.Logs("val_loss", flat), plateau);
    double r1 = L0 * 0.5;
    double r2 = r1 * 0.5;
    double min = (double) 0.02f;
    assertArrayEquals(new double[] {L0, L0, r1, r1, r2, r2, min, min, min}, h.get("learning_rate"));
    assertEquals(0.02, m.trainer().optimizer().learningRate());
  }

  @Test
  void cooldownOfOneSkipsNothing() {
    // Keras decrements the cooldown before testing it, so cooldown=1 is over at the next epoch.
    LinearModel m = Scripted.model();
    ReduceLROnPlateau plateau = new ReduceLROnPlateau().patience(1).factor(0.5).cooldown(1);
    History h = fit(m, 4, new Scripted.Output(), new Scripted.Logs("val_loss", 1, 1, 1, 1), plateau);
    double r1 = L0 * 0.5;
    double r2 = r1 * 0.5;
    assertArrayEquals(new double[] {L0, L0, r1, r2}, h.get("learning_rate"));
  }

  @Test
  void improvementsResetTheWaitAndMinDeltaFiltersNoise() {
    // patience 2: 0.9 and 0.85 improve, so wait never reaches 2.
    LinearModel a = Scripted.model();
    History h = fit(a, 4, new Scripted.Output(),
        new Scripted.Logs("val_loss", 1.0, 0.9, 0.95, 0.85), new ReduceLROnPlateau().patience(2));
    assertArrayEquals(new double[] {L0, L0, L0, L0}, h.get("learning_rate"));
    assertEquals(L0, (float) a.trainer().optimizer().learningRate(), 0.0);

    // 0.99995 is below 1.0 but not by min_delta=1e-4: e1 wait 1, e2 wait 2 -> reduce (factor 0.1).
    LinearModel b = Scripted.model();
    Scripted.Output out = new Scripted.Output();
    fit(b, 3, out, new Scripted.Logs("val_loss", 1.0, 0.99995, 0.99995),
        new ReduceLROnPlateau().patience(2).factor(0.5).verbose(1));
    assertEquals(L0 * 0.5, b.trainer().optimizer().learningRate());
    assertEquals("\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.\n",
        out.text());
  }

  @Test
  void plateauOnAccuracyMaximizes() {
    LinearModel m = Scripted.model();
    History h = fit(m, 3, new Scripted.Output(), new Scripted.Logs("val_accuracy", 0.5, 0.6, 0.7),
        new ReduceLROnPlateau().monitor("val_accuracy").patience(1).factor(0.5));
    assertArrayEquals(new double[] {L0, L0, L0}, h.get("learning_rate"));
  }

  @Test
  void plateauWithoutTheMonitorWarnsButLogsTheRate() {
    LinearModel m = Scripted.model();
    Scripted.Output out = new Scripted.Output();
    History h = fit(m, 2, out, new ReduceLROnPlateau());
    assertArrayEquals(new double[] {L0, L0}, h.get("learning_rate"));
    String warning = "Warning: Learning rate reduction is conditioned on metric `val_loss` which is "
        + "not available. Available metrics are: learning_rate,loss.\n";
    assertEquals(warning + warning, out.text());
  }

  @Test
  void plateauRejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(-0.5));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().cooldown(-1));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().minLr(-1));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().mode("up"));
  }

  @Test
  void schedulerSetsTheRateAtEachEpochBegin() {
    LinearModel m = Scripted.model();
    Scripted.Output out = new Scripted.Output();
    LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> lr * 0.5).verbose(1);
    History h = fit(m, 3, out, s);
    // The schedule sees the float32 rate: L0*0.5, then that (a float32 value already) halved again.
    double e0 = L0 * 0.5;
    double e1 = e0 * 0.5;
    double e2 = e1 * 0.5;
    assertArrayEquals(new double[] {e0, e1, e2}, h.get("learning_rate"));
    assertEquals("\nEpoch 1: LearningRateScheduler setting learning rate to 0.05000000074505806.\n"
        + "\nEpoch 2: LearningRateScheduler setting learning rate to 0.02500000037252903.\n"
        + "\nEpoch 3: LearningRateScheduler setting learning rate to 0.012500000186264515.\n",
        out.text());
  }

  @Test
  void schedulerOneArgumentForm() {
    LinearModel m = Scripted.model();
    History h = fit(m, 3, new Scripted.Output(),
        new LearningRateScheduler(epoch -> 0.1 / (epoch + 1)));
    assertArrayEquals(new double[] {(float) 0.1, (float) 0.05, (float) (0.1 / 3)},
        h.get("learning_rate"));
    assertEquals(0.1 / 3, m.trainer().optimizer().learningRate());
  }

  @Test
  void theScheduledRateIsTheOneTrainingUses() {
    // A zero rate leaves the weights as they were.
    LinearModel m = new LinearModel(3, 1, 7);
    m.compile(new SGD(0.5), Losses.MEAN_SQUARED_ERROR);
    float[] before = m.weights();
    fit(m, 2, new Scripted.Output(), new LearningRateScheduler(epoch -> 0.0));
    assertArrayEquals(before, m.weights());
  }

  @Test
  void schedulerRejectsABadRate() {
    LinearModel m = Scripted.model();
    assertThrows(IllegalArgumentException.class, () -> fit(m, 1, new Scripted.Output(),
        new LearningRateScheduler(epoch -> Double.NaN)));
    assertThrows(IllegalArgumentException.class,
        () -> new LearningRateScheduler((LearningRateScheduler.Schedule) null));
  }
}
