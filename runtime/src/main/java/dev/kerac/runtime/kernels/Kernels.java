package dev.kerac.runtime.kernels;

import java.util.Optional;

/**
 * Chooses the {@link MatrixKernels} once per JVM, the way Apache Lucene picks its vector code: the
 * Vector API implementation when the JVM runs with {@code --add-modules jdk.incubator.vector} (and
 * has vectors of at least 256 bits), else the plain-Java one, with a one-line notice on standard
 * error saying how to enable the faster path. The Vector API classes are never loaded without the
 * module, so kerac runs on a plain JVM with no flags.
 *
 * <p>Vector API code is slow until the JIT compiles it, so by default calls go to the plain-Java kernels
 * while a daemon thread warms the vector ones up (a few hundred milliseconds), then switch: both give
 * the same results. The system property {@code kerac.kernels} overrides the choice: {@code scalar} (no
 * notice) or {@code vector} (from the first call; fails if unavailable).
 *
 * <pre>{@code
 * System.out.println(Kernels.best().name());   // "vector-512" with --add-modules jdk.incubator.vector
 * }</pre>
 */
public final class Kernels {
  private static final String MODULE = "jdk.incubator.vector";
  private static final MatrixKernels SCALAR = new ScalarKernels();
  private static final Optional<MatrixKernels> VECTOR = loadVector();
  private static final MatrixKernels BEST = choose();

  private Kernels() {}

  /** The kernels generated models use. */
  public static MatrixKernels best() {
    return BEST;
  }

  /** The plain-Java kernels, always available. */
  public static MatrixKernels scalar() {
    return SCALAR;
  }

  /** The Vector API kernels, when the JVM has the {@code jdk.incubator.vector} module. */
  public static Optional<MatrixKernels> vector() {
    return VECTOR;
  }

  private static Optional<MatrixKernels> loadVector() {
    if (!hasBootModule(MODULE)) {
      return Optional.empty();
    }
    try {
      MatrixKernels k = (MatrixKernels) Class.forName("dev.kerac.runtime.kernels.VectorKernels")
          .getDeclaredConstructor().newInstance();
      return Optional.of(k);
    } catch (ReflectiveOperationException | LinkageError e) {
      System.err.println("kerac: the Vector API kernels failed to load (" + e + "); using plain Java loops");
      return Optional.empty();
    }
  }

  /**
   * Whether the JVM was started with module {@code name}. A plain loop: {@code findModule} of an
   * absent module runs a stream pipeline whose first use costs a cold JVM 10-25 ms of start-up.
   */
  private static boolean hasBootModule(String name) {
    for (Module m : ModuleLayer.boot().modules()) {
      if (name.equals(m.getName())) {
        return true;
      }
    }
    return false;
  }

  private static int vectorBits(MatrixKernels k) {
    return Integer.parseInt(k.name().substring(k.name().indexOf('-') + 1));
  }

  private static MatrixKernels choose() {
    String choice = System.getProperty("kerac.kernels", "auto").trim();
    switch (choice) {
      case "scalar":
        return SCALAR;
      case "vector":
        return VECTOR.orElseThrow(() -> new IllegalStateException(
            "-Dkerac.kernels=vector needs the JVM option --add-modules " + MODULE));
      case "auto":
        break;
      default:
        throw new IllegalArgumentException("system property kerac.kernels must be auto, scalar or vector, got '"
            + choice + "'");
    }
    if (VECTOR.isPresent() && vectorBits(VECTOR.get()) >= 256) {
      // Scalar until the JIT has compiled the vector code (same results, see WarmingKernels).
      return new WarmingKernels(SCALAR, VECTOR.get());
    }
    System.err.println(VECTOR.isPresent()
        ? "kerac: this CPU's vectors are narrower than 256 bits; Dense layers use plain Java loops"
        : "kerac: Dense layers use plain Java loops; run java with --add-modules " + MODULE
            + " for the faster Vector API kernels (-Dkerac.kernels=scalar silences this)");
    return SCALAR;
  }
}
