package dev.kerac.runtime.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerac.runtime.optimizers.schedules.CosineDecay;
import dev.kerac.runtime.optimizers.schedules.CosineDecayRestarts;
import dev.kerac.runtime.optimizers.schedules.ExponentialDecay;
import dev.kerac.runtime.optimizers.schedules.InverseTimeDecay;
import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;
import dev.kerac.runtime.optimizers.schedules.PiecewiseConstantDecay;
import dev.kerac.runtime.optimizers.schedules.PolynomialDecay;
import org.junit.jupiter.api.Test;

/** Schedule values at chosen steps, worked out by hand from the formulas of KERAS_SEMANTICS.md §4.5. */
class SchedulesTest {
  private static final double EPS = 1e-12;

  @Test
  void exponentialDecay() {
    LearningRateSchedule s = new ExponentialDecay(0.1, 10, 0.5);
    assertEquals(0.1, s.at(0), EPS);
    assertEquals(0.1 * Math.sqrt(0.5), s.at(5), EPS); // 0.5^(5/10)
    assertEquals(0.05, s.at(10), EPS);
    assertEquals(0.025, s.at(20), EPS);
    LearningRateSchedule stairs = new ExponentialDecay(0.1, 10, 0.5, true);
    assertEquals(0.1, stairs.at(9), EPS);
    assertEquals(0.05, stairs.at(10), EPS);
    assertEquals(0.05, stairs.at(19), EPS);
    assertEquals(0.025, stairs.at(20), EPS);
  }

  @Test
  void piecewiseConstantDecay() {
    LearningRateSchedule s =
        new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1});
    assertEquals(1.0, s.at(0), EPS);
    assertEquals(1.0, s.at(10), EPS); // step <= b0
    assertEquals(0.5, s.at(11), EPS);
    assertEquals(0.5, s.at(20), EPS);
    assertEquals(0.1, s.at(21), EPS);
    assertEquals(0.1, s.at(1_000_000), EPS);
    assertThrows(IllegalArgumentException.class,
        () -> new PiecewiseConstantDecay(new long[] {10}, new double[] {1.0}));
    assertThrows(IllegalArgumentException.class,
        () -> new PiecewiseConstantDecay(new long[] {10, 5}, new double[] {1, 2, 3}));
  }

  @Test
  void cosineDecay() {
    LearningRateSchedule s = new CosineDecay(1.0, 100);
    assertEquals(1.0, s.at(0), EPS);
    assertEquals(0.5 * (1 + Math.sqrt(0.5)), s.at(25), EPS); // cos(pi/4)
    assertEquals(0.5, s.at(50), EPS);
    assertEquals(0.0, s.at(100), EPS);
    assertEquals(0.0, s.at(250), EPS); // step clamped to decay_steps
    LearningRateSchedule a = new CosineDecay(2.0, 100, 0.1);
    assertEquals(2.0 * (0.9 * 0.5 + 0.1), a.at(50), EPS);
    assertEquals(0.2, a.at(100), EPS);
  }

  @Test
  void cosineDecayWithWarmup() {
    LearningRateSchedule s = new CosineDecay(0.0, 100, 0.0, 1.0, 10);
    assertEquals(0.0, s.at(0), EPS);
    assertEquals(0.5, s.at(5), EPS); // linear warmup
    assertEquals(1.0, s.at(10), EPS); // end of warmup: decay from the target
    assertEquals(0.5, s.at(60), EPS); // 50 steps into a 100-step decay
    assertEquals(0.0, s.at(110), EPS);
    assertEquals(0.0, s.at(500), EPS);
    assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.0, 100, 0.0, 1.0, 0));
  }

  @Test
  void polynomialDecay() {
    LearningRateSchedule lin = new PolynomialDecay(1.0, 100, 0.0, 1.0, false);
    assertEquals(0.5, lin.at(50), EPS);
    assertEquals(0.0, lin.at(150), EPS);
    LearningRateSchedule dflt = new PolynomialDecay(0.1, 100);
    assertEquals(0.0001, dflt.at(100), EPS);
    assertEquals((0.1 - 0.0001) * 0.5 + 0.0001, dflt.at(50), EPS);
    LearningRateSchedule sq = new PolynomialDecay(1.0, 100, 0.0, 2.0, false);
    assertEquals(0.25, sq.at(50), EPS);
    LearningRateSchedule cyc = new PolynomialDecay(1.0, 100, 0.0, 1.0, true);
    assertEquals(1.0, cyc.at(0), EPS);
    assertEquals(0.0, cyc.at(100), EPS); // ceil(100/100) = 1 -> D = 100
    assertEquals(0.25, cyc.at(150), EPS); // D = 200
  }

  @Test
  void inverseTimeDecay() {
    LearningRateSchedule s = new InverseTimeDecay(1.0, 10, 0.5, false);
    assertEquals(1.0, s.at(0), EPS);
    assertEquals(1 / 1.25, s.at(5), EPS);
    assertEquals(1 / 1.5, s.at(10), EPS);
    LearningRateSchedule st = new InverseTimeDecay(1.0, 10, 0.5, true);
    assertEquals(1.0, st.at(9), EPS);
    assertEquals(1 / 1.5, st.at(15), EPS);
  }

  @Test
  void cosineDecayRestarts() {
    // Periods of 10, 20, 40, ... steps; each restart at half the previous peak.
    LearningRateSchedule s = new CosineDecayRestarts(1.0, 10, 2.0, 0.5, 0.0);
    assertEquals(1.0, s.at(0), EPS);
    assertEquals(0.5, s.at(5), EPS);
    assertEquals(0.5, s.at(10), EPS); // restart 1, fraction 0
    assertEquals(0.25, s.at(20), EPS); // restart 1, fraction 10/20
    assertEquals(0.25, s.at(30), EPS); // restart 2 begins at 10 + 20
    assertEquals(0.125, s.at(70), EPS); // restart 3 begins at 10 + 20 + 40
    assertEquals(0.0625, s.at(150), EPS); // restart 4 begins at 10 * (1 + 2 + 4 + 8)
    // t_mul = 3: restart 5 begins at 10 * (3^5 - 1) / 2 = 1210, where log(243)/log(3) rounds below 5.
    LearningRateSchedule t3 = new CosineDecayRestarts(1.0, 10, 3.0, 0.5, 0.0);
    assertEquals(0.03125, t3.at(1210), EPS);
    assertEquals(0.0625, t3.at(400), EPS); // restart 4 begins at 400
    LearningRateSchedule flat = new CosineDecayRestarts(1.0, 10, 1.0, 1.0, 0.0);
    assertEquals(0.5, flat.at(15), EPS);
    assertEquals(1.0, flat.at(20), EPS);
    LearningRateSchedule dflt = new CosineDecayRestarts(2.0, 10); // t_mul 2, m_mul 1
    assertEquals(2.0, dflt.at(10), EPS);
  }
}
