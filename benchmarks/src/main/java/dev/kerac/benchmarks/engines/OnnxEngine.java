package dev.kerac.benchmarks.engines;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kerac.benchmarks.PeerModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime (CPU execution provider) in its fastest Java configuration: input and output tensors
 * created once over direct buffers ("pinned"), so a call copies the Java array into the input buffer,
 * runs, and copies the output buffer out; no tensor is created per call.
 *
 * <p>Threads: {@code intra_op_num_threads} = {@code threads}, inter-op 1, sequential execution, all
 * graph optimizations.
 *
 * <pre>{@code
 * try (OnnxEngine e = new OnnxEngine(PeerModel.SEED, 2)) { e.predict(image, probs); }
 * }</pre>
 */
public final class OnnxEngine implements InferenceEngine {
  private final OrtSession session;
  private final int threads;
  private final PeerModel model;
  private final int inSize;
  private final int outSize;
  private Pinned single;
  private Pinned batched;

  /** A pinned input/output tensor pair for one batch size. */
  private static final class Pinned implements AutoCloseable {
    final int batch;
    final FloatBuffer in;
    final FloatBuffer out;
    final OnnxTensor inTensor;
    final OnnxTensor outTensor;
    final Map<String, OnnxTensor> inputs;
    final Map<String, OnnxTensor> outputs;

    Pinned(OrtEnvironment env, PeerModel model, int batch) throws OrtException {
      this.batch = batch;
      this.in = direct(batch * model.inputSize());
      this.out = direct(batch * model.outputSize());
      this.inTensor = OnnxTensor.createTensor(env, in, model.tensorShape(batch));
      this.outTensor = OnnxTensor.createTensor(env, out, new long[] {batch, model.outputSize()});
      this.inputs = Map.of("input", inTensor);
      this.outputs = Map.of("output", outTensor);
    }

    private static FloatBuffer direct(int n) {
      return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
      inTensor.close();
      outTensor.close();
    }
  }

  /** Opens a session on {@code model.onnx} with {@code threads} intra-op threads. */
  public OnnxEngine(PeerModel model, int threads) {
    Engines.checkThreads(threads);
    this.model = model;
    this.threads = threads;
    this.inSize = model.inputSize();
    this.outSize = model.outputSize();
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        this.session = env.createSession(model.resource("onnx"), options);
      }
      this.single = new Pinned(env, model, 1);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load " + model.id() + ".onnx", e);
    }
  }

  @Override
  public String name() {
    return "onnx(" + threads + (threads == 1 ? " thread)" : " threads)");
  }

  @Override
  public void predict(float[] in, float[] out) {
    Pinned p = single;
    p.in.put(0, in, 0, inSize);
    run(p);
    p.out.get(0, out, 0, outSize);
  }

  @Override
  public void predictBatch(float[][] x, int batch, float[][] out) {
    Pinned p = batched;
    if (p == null || p.batch != batch) {
      if (p != null) {
        p.close();
      }
      try {
        p = batched = new Pinned(OrtEnvironment.getEnvironment(), model, batch);
      } catch (OrtException e) {
        throw new IllegalStateException(e);
      }
    }
    for (int b = 0; b < batch; b++) {
      p.in.put(b * inSize, x[b], 0, inSize);
    }
    run(p);
    for (int b = 0; b < batch; b++) {
      p.out.get(b * outSize, out[b], 0, outSize);
    }
  }

  private void run(Pinned p) {
    // The outputs are pinned: the result owns nothing, closing it frees only its own handle.
    try (OrtSession.Result r = session.run(p.inputs, p.outputs)) {
      if (r.size() != 1) {
        throw new IllegalStateException("expected one output, got " + r.size());
      }
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    single.close();
    if (batched != null) {
      batched.close();
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
