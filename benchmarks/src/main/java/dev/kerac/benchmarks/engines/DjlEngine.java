package dev.kerac.benchmarks.engines;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.kerac.benchmarks.PeerModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * PyTorch (TorchScript, {@code NAME.pt}) through DJL, without the Predictor/Translator layer: each
 * call creates the input tensor from the Java array in a sub-manager, runs the module's forward with
 * autograd off, copies the output to the Java array and frees the call's tensors.
 *
 * <pre>{@code
 * try (DjlEngine e = new DjlEngine(PeerModel.CNN, 1)) { e.predict(image, probs); }
 * }</pre>
 */
public final class DjlEngine implements InferenceEngine {
  private final Model model;
  private final Block block;
  private final ParameterStore parameters;
  private final PeerModel peer;
  private final int threads;
  private final Shape single;
  private final int outSize;

  /** Loads {@code NAME.pt} into PyTorch with {@code threads} intra-op threads. */
  public DjlEngine(PeerModel peer, int threads) {
    Djl.engine(threads);
    Djl.inferenceMode();
    this.peer = peer;
    this.threads = threads;
    this.model = Model.newInstance(peer.id(), Device.cpu(), "PyTorch");
    try (InputStream in = peer.open("pt")) {
      model.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedModelException e) {
      throw new IllegalStateException("DJL could not load " + peer.id() + ".pt", e);
    }
    this.block = model.getBlock();
    this.parameters = new ParameterStore(model.getNDManager(), false);
    this.single = new Shape(peer.tensorShape(1));
    this.outSize = peer.outputSize();
  }

  @Override
  public String name() {
    return "djl(" + threads + (threads == 1 ? " thread)" : " threads)");
  }

  @Override
  public void predict(float[] in, float[] out) {
    try (NDManager call = model.getNDManager().newSubManager()) {
      NDArray x = call.create(in, single);
      NDArray y = block.forward(parameters, new NDList(x), false).singletonOrThrow();
      y.attach(call);
      System.arraycopy(y.toFloatArray(), 0, out, 0, outSize);
    }
  }

  @Override
  public void predictBatch(float[][] x, int batch, float[][] out) {
    try (NDManager call = model.getNDManager().newSubManager()) {
      // Rows into one tensor, as a caller holding float[][] must.
      float[] flat = new float[batch * peer.inputSize()];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(x[b], 0, flat, b * peer.inputSize(), peer.inputSize());
      }
      NDArray input = call.create(flat, new Shape(peer.tensorShape(batch)));
      NDArray y = block.forward(parameters, new NDList(input), false).singletonOrThrow();
      y.attach(call);
      float[] all = y.toFloatArray();
      for (int b = 0; b < batch; b++) {
        System.arraycopy(all, b * outSize, out[b], 0, outSize);
      }
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
