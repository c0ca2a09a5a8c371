package dev.kerac.runtime.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.schedules.CosineDecay;
import dev.kerac.runtime.testing.Allocations;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link Optimizer#apply} allocates nothing once the slots exist. */
class ZeroAllocationTest {

  @Test
  void applyAllocatesNothingAfterWarmup() {
    List<Supplier<Optimizer>> makers = List.of(
        SGD::new, () -> new SGD(0.01, 0.9, true).clipnorm(1.0),
        () -> new Adam().amsgrad(true).globalClipnorm(1.0), () -> new AdamW().clipvalue(0.1),
        () -> new RMSprop().momentum(0.9).centered(true), Adagrad::new, Adadelta::new, Adamax::new,
        () -> new Nadam(new CosineDecay(1e-3, 1000, 0.0, 1e-2, 10)).weightDecay(0.01));
    for (Supplier<Optimizer> make : makers) {
      Parameter kernel = new Parameter("d", "kernel", new int[] {16, 8}, true, null);
      Parameter bias = new Parameter("d", "bias", new int[] {8}, true, null);
      Parameter frozen = new Parameter("bn", "moving_mean", new int[] {8}, false, null);
      List<Parameter> params = List.of(kernel, bias, frozen);
      for (float[] row : kernel.grad()) {
        for (int i = 0; i < row.length; i++) {
          row[i] = 0.01f * (i - 3);
        }
      }
      Optimizer opt = make.get();
      assertEquals(0, Allocations.leastBytes(() -> opt.apply(params), 2000, 1000),
          opt.name() + " allocated bytes in 1000 steps");
    }
  }
}
