package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EarlyStopping against the algorithm of KERAS_SEMANTICS.md §8.5, with the monitored values scripted
 * per epoch (each case's expected stop epoch is traced by hand in its comment).
 */
class EarlyStoppingTest {

  private static final class Run {
    final LinearModel model = Scripted.model();
    final Scripted.Recorder recorder = new Scripted.Recorder(model);
    final Scripted.Output out = new Scripted.Output();
    History history;

    Run(int epochs, EarlyStopping es, String key, double... values) {
      history = model.fit(Scripted.DATA[0], Scripted.DATA[1],
          Scripted.quiet(epochs, out).callbacks(new Scripted.Logs(key, values), es, recorder));
    }

    int epochsRun() {
      return history.epoch().size();
    }
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochWithoutImprovement() {
    // e0: best 1.0; e1: 0.9 improves; e2: wait 1 >= 0 -> stop at 2.
    EarlyStopping es = new EarlyStopping();
    Run r = new Run(10, es, "val_loss", 1.0, 0.9, 0.95, 0.8, 0.7);
    assertEquals(List.of(0, 1, 2), r.history.epoch());
    assertEquals(2, es.stoppedEpoch());
    assertEquals(1, es.bestEpoch());
  }

  @Test
  void patienceCountsEpochsWithoutImprovement() {
    // patience 2: e2 wait 1, e3 wait 2 -> stop at 3. An equal value is no improvement.
    EarlyStopping es = new EarlyStopping().patience(2);
    Run r = new Run(10, es, "val_loss", 1.0, 0.9, 0.9, 0.95, 0.1);
    assertEquals(4, r.epochsRun());
    assertEquals(3, es.stoppedEpoch());
  }

  @Test
  void epochZeroNeverStops() {
    // A NaN at epoch 0 still counts as the first "best"; from then on NaN never improves.
    EarlyStopping es = new EarlyStopping();
    Run r = new Run(10, es, "val_loss", Double.NaN, 0.5, 0.4);
    assertEquals(2, r.epochsRun());
    assertEquals(1, es.stoppedEpoch());
  }

  @Test
  void improvingEpochsNeverStopEvenBelowTheBaseline() {
    // baseline 0.5 never beaten, patience 2: every epoch improves, wait grows 1, 2, 3, ... but an
    // improving epoch returns before the stop test.
    EarlyStopping es = new EarlyStopping().patience(2).baseline(0.5);
    Run r = new Run(6, es, "val_loss", 1.0, 0.9, 0.8, 0.7, 0.6, 0.55);
    assertEquals(6, r.epochsRun());
    assertEquals(0, es.stoppedEpoch());
  }

  @Test
  void baselineKeepsTheCountRunning() {
    // baseline 0.5, patience 2: e0 wait 1 (improves, not on baseline), e1 wait 2 (same), e2 wait 3
    // no improvement -> stop at 2. Without a baseline: e2 wait 1, e3 wait 2 -> stop at 3.
    EarlyStopping withBaseline = new EarlyStopping().patience(2).baseline(0.5);
    Run a = new Run(10, withBaseline, "val_loss", 1.0, 0.9, 0.95, 0.95, 0.95);
    assertEquals(2, withBaseline.stoppedEpoch());
    assertEquals(3, a.epochsRun());

    EarlyStopping without = new EarlyStopping().patience(2);
    Run b = new Run(10, without, "val_loss", 1.0, 0.9, 0.95, 0.95, 0.95);
    assertEquals(3, without.stoppedEpoch());
    assertEquals(4, b.epochsRun());

    // Beating the baseline resets the count: 0.4 < 0.5 at e1, then e2 wait 1, e3 wait 2 -> stop at 3.
    EarlyStopping beaten = new EarlyStopping().patience(2).baseline(0.5);
    new Run(10, beaten, "val_loss", 1.0, 0.4, 0.45, 0.45, 0.45);
    assertEquals(3, beaten.stoppedEpoch());
  }

  @Test
  void minDeltaIsTheSmallestImprovement() {
    // minDelta 0.1 (given negative: its absolute value is used), patience 2:
    // e1 0.95 (needs < 0.9) wait 1; e2 0.85 improves, wait 0; e3 0.80 (needs < 0.75) wait 1;
    // e4 0.79 wait 2 -> stop at 4.
    EarlyStopping es = new EarlyStopping().patience(2).minDelta(-0.1);
    Run r = new Run(10, es, "val_loss", 1.0, 0.95, 0.85, 0.80, 0.79, 0.1);
    assertEquals(4, es.stoppedEpoch());
    assertEquals(2, es.bestEpoch());
    assertEquals(5, r.epochsRun());
  }

  @Test
  void startFromEpochIgnoresTheWarmUp() {
    // e0, e1 ignored; e2 is the first best; e3 no improvement -> stop at 3.
    EarlyStopping es = new EarlyStopping().startFromEpoch(2);
    Run r = new Run(10, es, "val_loss", 0.1, 0.1, 1.0, 1.0, 1.0);
    assertEquals(3, es.stoppedEpoch());
    assertEquals(4, r.epochsRun());
    // Without the warm-up the flat 0.1 stops at 1.
    EarlyStopping plain = new EarlyStopping();
    new Run(10, plain, "val_loss", 0.1, 0.1, 1.0, 1.0, 1.0);
    assertEquals(1, plain.stoppedEpoch());
  }

  @Test
  void accuracyIsMaximizedInAutoMode() {
    EarlyStopping es = new EarlyStopping().monitor("val_accuracy");
    Run r = new Run(10, es, "val_accuracy", 0.5, 0.6, 0.55, 0.9);
    assertEquals(3, r.epochsRun());
    assertEquals(1, es.bestEpoch());
    // The same numbers as a loss in "max" mode behave the same.
    EarlyStopping max = new EarlyStopping().mode("max");
    new Run(10, max, "val_loss", 0.5, 0.6, 0.55, 0.9);
    assertEquals(2, max.stoppedEpoch());
  }

  @Test
  void restoresTheBestWeightsWhenStopped() {
    // patience 1: e2 wait 1 -> stop; best is e1.
    EarlyStopping es = new EarlyStopping().patience(1).restoreBestWeights(true).verbose(1);
    Run r = new Run(10, es, "val_loss", 1.0, 0.5, 0.7, 0.8);
    assertEquals(3, r.epochsRun());
    assertArrayEquals(r.recorder.epochEnd.get(1), r.model.weights());
    assertTrue(!java.util.Arrays.equals(r.recorder.epochEnd.get(2), r.model.weights()));
    assertEquals("Epoch 3: early stopping\n"
        + "Restoring model weights from the end of the best epoch: 2.\n", r.out.text());
  }

  @Test
  void restoresTheBestWeightsEvenWhenNotStopped() {
    EarlyStopping es = new EarlyStopping().patience(5).restoreBestWeights(true).verbose(1);
    Run r = new Run(4, es, "val_loss", 1.0, 0.5, 0.7, 0.8);
    assertEquals(4, r.epochsRun());
    assertEquals(0, es.stoppedEpoch());
    assertArrayEquals(r.recorder.epochEnd.get(1), r.model.weights());
    assertEquals("Restoring model weights from the end of the best epoch: 2.\n", r.out.text());
  }

  @Test
  void withoutRestoreTheLastWeightsStay() {
    EarlyStopping es = new EarlyStopping().patience(1);
    Run r = new Run(10, es, "val_loss", 1.0, 0.5, 0.7, 0.8);
    assertArrayEquals(r.recorder.epochEnd.get(2), r.model.weights());
    assertEquals("", r.out.text());
  }

  @Test
  void isReusableAcrossFits() {
    EarlyStopping es = new EarlyStopping().restoreBestWeights(true);
    new Run(10, es, "val_loss", 1.0, 0.5, 0.7);
    assertEquals(2, es.stoppedEpoch());
    // The state is reset at train begin: the second run's first value is a new best.
    Run second = new Run(10, es, "val_loss", 5.0, 4.0, 3.0, 3.5);
    assertEquals(3, es.stoppedEpoch());
    assertEquals(2, es.bestEpoch());
    assertArrayEquals(second.recorder.epochEnd.get(2), second.model.weights());
  }

  @Test
  void missingMonitorWarnsAndTrainingGoesOn() {
    EarlyStopping es = new EarlyStopping();
    Run r = new Run(3, es, "something_else", 1.0, 2.0, 3.0);
    assertEquals(3, r.epochsRun());
    String warning = "Warning: Early stopping conditioned on metric `val_loss` which is not "
        + "available. Available metrics are: loss,something_else\n";
    assertEquals(warning + warning + warning, r.out.text());
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().patience(-1));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().mode("lowest"));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().startFromEpoch(-1));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().minDelta(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().monitor(null));
    // "auto" cannot tell the direction of an unknown key: fit fails before the first epoch.
    LinearModel m = Scripted.model();
    EarlyStopping unknown = new EarlyStopping().monitor("my_score");
    assertThrows(IllegalArgumentException.class, () -> m.fit(Scripted.DATA[0], Scripted.DATA[1],
        Fit.epochs(2).verbose(0).callbacks(unknown)));
  }
}
