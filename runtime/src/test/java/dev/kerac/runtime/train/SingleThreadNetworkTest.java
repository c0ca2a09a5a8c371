package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A network that cannot split its work (the interface's defaults) runs on one thread and says so. */
class SingleThreadNetworkTest {

  @Test
  void acceptsOneThreadAndRefusesMore() {
    LinearModel m = new LinearModel(3, 1, 7);
    assertEquals(1, m.threads());
    m.threads(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.threads(2));
    assertTrue(e.getMessage().contains("threads=2"), e.getMessage());
    assertEquals(1, m.threads());
  }
}
