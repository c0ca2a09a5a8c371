package dev.kerac.benchmarks.engines;

import dev.kerac.benchmarks.Npz;
import dev.kerac.benchmarks.PeerModel;
import dev.kerac.runtime.io.Npy;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * DL4J (ND4J native CPU backend, OpenBLAS): the same MLP or CNN as a {@code MultiLayerNetwork} with
 * the peer weights set from the {@code .npz} (DL4J's Dense {@code W} is {@code [nIn, nOut]} like
 * Keras's kernel; the CNN runs in DL4J's NCHW layout, see {@link KerasLayouts}).
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
  private final PeerModel peer;
  private final int outSize;

  /** Builds {@code peer} (tiny, seed or cnn) with {@code threads} threads. */
  public Dl4jEngine(PeerModel peer, int threads) {
    Engines.checkThreads(threads);
    this.threads = threads;
    this.peer = peer;
    this.inSize = peer.inputSize();
    this.outSize = peer.outputSize();
    setThreads(threads);
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(42)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-3, 0.9, 0.999, 1e-7)) // Keras's epsilon (DL4J's default is 1e-8)
        .list();
    switch (peer) {
      case TINY -> mlp(list, inSize, new int[] {32, 32, 4}, 1.0);
      case SEED -> mlp(list, inSize, new int[] {512, 512, 10}, 0.8);
      case CNN -> cnn(list);
      default -> throw new IllegalArgumentException("the DL4J peer covers tiny, seed and cnn; got " + peer.id());
    }
    MultiLayerConfiguration conf = list.build();
    this.net = new MultiLayerNetwork(conf);
    net.init();
    load(peer.weights());
  }

  private static void mlp(NeuralNetConfiguration.ListBuilder list, int inSize, int[] units, double retain) {
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
  }

  /**
   * The CNN in DL4J's default NCHW layout: rows of 784 come in flat and {@code convolutionalFlat}
   * reshapes them to [N, 1, 28, 28] (the same memory as Keras's [N, 28, 28, 1]); valid 3×3
   * convolutions (DL4J's default {@code Truncate} mode at stride 1), 2×2 max pools with stride 2.
   */
  private static void cnn(NeuralNetConfiguration.ListBuilder list) {
    list.layer(new ConvolutionLayer.Builder(3, 3).nIn(1).nOut(32).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
            .kernelSize(2, 2).stride(2, 2).build())
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
            .kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(10).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(28, 28, 1));
  }

  private static void setThreads(int n) {
    Nd4j.getEnvironment().setMaxThreads(n);
    Nd4j.getEnvironment().setMaxMasterThreads(n);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
    Nd4j.factory().blas().setMaxThreads(n);
  }

  /**
   * Sets the peer weights on every layer with parameters, in order: Dense {@code W} is
   * {@code [nIn, nOut]} like Keras's kernel, conv {@code W} is {@code [out, in, kh, kw]}, and the CNN's
   * first Dense kernel rows go from Keras's NHWC flatten order to DL4J's NCHW one.
   */
  private void load(Npz npz) {
    List<String> names = npz.weightNames();
    int next = 0;
    for (int l = 0; l < net.getnLayers(); l++) {
      org.deeplearning4j.nn.api.Layer layer = net.getLayer(l);
      if (layer.numParams() == 0) {
        continue; // pooling
      }
      if (next + 2 > names.size()) {
        throw new IllegalStateException("DL4J network has more weighted layers than the .npz has"
            + " kernel/bias pairs " + names);
      }
      String wName = names.get(next++);
      String bName = names.get(next++);
      Npy.Array w = npz.get(wName);
      float[] wv = w.data();
      if (w.shape().length == 4) {
        wv = KerasLayouts.convKernelOihw(w);
      } else if (peer == PeerModel.CNN && wName.equals("dense/kernel")) {
        wv = KerasLayouts.flattenRowsNchw(w, 5, 5, 64);
      }
      set(layer, "W", wv, wName, npz);
      set(layer, "b", npz.get(bName).data(), bName, npz);
    }
    if (next != names.size()) {
      throw new IllegalStateException("DL4J network used " + next + " of the .npz weights " + names);
    }
  }

  private static void set(org.deeplearning4j.nn.api.Layer layer, String key, float[] v, String name, Npz npz) {
    long[] shape = layer.getParam(key).shape();
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != v.length) {
      throw new IllegalStateException("DL4J parameter " + key + " " + java.util.Arrays.toString(shape)
          + " does not match .npz " + name + " " + npz.shapeOf(name));
    }
    layer.setParam(key, Nd4j.create(v, shape, 'c'));
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
