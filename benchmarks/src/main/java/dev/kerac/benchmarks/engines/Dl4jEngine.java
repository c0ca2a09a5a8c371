package dev.kerac.benchmarks.engines;

import dev.kerac.benchmarks.Npz;
import dev.kerac.benchmarks.PeerModel;
import dev.kerac.runtime.io.Npy;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * DL4J (ND4J native CPU backend, OpenBLAS): the same MLP as a {@code MultiLayerNetwork} with the peer
 * weights set from the {@code .npz} (DL4J's Dense {@code W} is {@code [nIn, nOut]} like Keras's kernel).
 * Keras's {@code Dropout(0.2)} after a layer is DL4J's {@code dropOut(0.8)} (a retain probability) on
 * the next layer's input. Adam(1e-3), MCXENT loss on softmax outputs.
 *
 * <p>Threads: ND4J's OpenMP threads, OpenBLAS threads and its environment's thread limits, set after
 * the backend starts.
 *
 * <pre>{@code
 * Dl4jEngine e = new Dl4jEngine(PeerModel.SEED, 1);
 * e.predict(image, probs);
 * e.step(x, y);
 * }</pre>
 */
public final class Dl4jEngine implements InferenceEngine, TrainingEngine {
  private final MultiLayerNetwork net;
  private final int threads;
  private final int inSize;
  private final int outSize;

  /** Builds the MLP {@code peer} (tiny or seed) with {@code threads} threads. */
  public Dl4jEngine(PeerModel peer, int threads) {
    Engines.checkThreads(threads);
    this.threads = threads;
    this.inSize = peer.inputSize();
    this.outSize = peer.outputSize();
    setThreads(threads);
    int[] units;
    double retain;
    switch (peer) {
      case TINY -> {
        units = new int[] {32, 32, 4};
        retain = 1.0;
      }
      case SEED -> {
        units = new int[] {512, 512, 10};
        retain = 0.8;
      }
      default -> throw new IllegalArgumentException("the DL4J peer covers tiny and seed; got " + peer.id());
    }
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(42)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-3))
        .list();
    int in = inSize;
    for (int l = 0; l < units.length; l++) {
      boolean last = l == units.length - 1;
      if (last) {
        OutputLayer.Builder b = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(in).nOut(units[l]).activation(Activation.SOFTMAX);
        if (retain < 1) {
          b.dropOut(retain);
        }
        list.layer(b.build());
      } else {
        DenseLayer.Builder b = new DenseLayer.Builder().nIn(in).nOut(units[l]).activation(Activation.RELU);
        if (l > 0 && retain < 1) {
          b.dropOut(retain);
        }
        list.layer(b.build());
      }
      in = units[l];
    }
    MultiLayerConfiguration conf = list.build();
    this.net = new MultiLayerNetwork(conf);
    net.init();
    load(peer.weights());
  }

  private static void setThreads(int n) {
    Nd4j.getEnvironment().setMaxThreads(n);
    Nd4j.getEnvironment().setMaxMasterThreads(n);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
    Nd4j.factory().blas().setMaxThreads(n);
  }

  private void load(Npz npz) {
    List<String> names = npz.weightNames();
    if (names.size() != 2 * net.getnLayers()) {
      throw new IllegalStateException("DL4J network has " + net.getnLayers() + " layers, the .npz "
          + names.size() + " weights " + names);
    }
    for (int l = 0; l < net.getnLayers(); l++) {
      Npy.Array w = npz.get(names.get(2 * l));
      Npy.Array b = npz.get(names.get(2 * l + 1));
      net.getLayer(l).setParam("W", Nd4j.create(w.data(), new long[] {w.shape()[0], w.shape()[1]}, 'c'));
      net.getLayer(l).setParam("b", Nd4j.create(b.data(), new long[] {1, b.shape()[0]}, 'c'));
    }
  }

  @Override
  public String name() {
    return "dl4j(" + threads + (threads == 1 ? " thread)" : " threads)");
  }

  @Override
  public void predict(float[] in, float[] out) {
    INDArray x = Nd4j.create(in, new long[] {1, inSize}, 'c');
    INDArray y = net.output(x, false);
    for (int k = 0; k < outSize; k++) {
      out[k] = y.getFloat(k);
    }
  }

  @Override
  public void predictBatch(float[][] x, int batch, float[][] out) {
    INDArray input = Nd4j.create(rows(x, batch));
    float[][] y = net.output(input, false).toFloatMatrix();
    for (int b = 0; b < batch; b++) {
      System.arraycopy(y[b], 0, out[b], 0, outSize);
    }
  }

  private static float[][] rows(float[][] x, int batch) {
    if (x.length == batch) {
      return x;
    }
    float[][] r = new float[batch][];
    System.arraycopy(x, 0, r, 0, batch);
    return r;
  }

  @Override
  public double step(float[][] x, float[][] y) {
    net.fit(Nd4j.create(x), Nd4j.create(y));
    return net.score();
  }

  @Override
  public void close() {
    net.close();
  }
}
