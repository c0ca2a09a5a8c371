package dev.kerac.benchmarks.engines;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Process-wide set-up of PyTorch through DJL: offline (the native library comes from the
 * {@code pytorch-native-cpu} jar on the class path, never from the network) and the thread counts,
 * which PyTorch reads once when the engine starts. One JVM therefore measures one thread count.
 *
 * <pre>{@code
 * Engine pytorch = Djl.engine(2);   // intra-op threads 2, inter-op 1
 * }</pre>
 */
final class Djl {
  private static int threads;

  private Djl() {}

  /** Starts PyTorch with {@code n} intra-op threads, or checks it already runs with {@code n}. */
  static synchronized Engine engine(int n) {
    Engines.checkThreads(n);
    if (threads == 0) {
      if (System.getProperty("ai.djl.offline") == null) {
        System.setProperty("ai.djl.offline", "true");
      }
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
      threads = n;
    } else if (threads != n) {
      throw new IllegalStateException("PyTorch already runs with " + threads + " threads in this JVM;"
          + " measure " + n + " threads in another process");
    }
    Engine e = Engine.getEngine("PyTorch");
    if (JniUtils.getNumThreads() != n) {
      throw new IllegalStateException("PyTorch uses " + JniUtils.getNumThreads() + " threads, wanted " + n);
    }
    return e;
  }

  /** Inference needs no autograd; PyTorch's grad mode is per thread, so set it on the caller's. */
  static void inferenceMode() {
    JniUtils.setGradMode(false);
  }
}
