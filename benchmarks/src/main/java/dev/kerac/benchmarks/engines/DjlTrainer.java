package dev.kerac.benchmarks.engines;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.kerac.benchmarks.Inputs;
import dev.kerac.benchmarks.Npz;
import dev.kerac.benchmarks.PeerModel;
import dev.kerac.benchmarks.Reference;
import dev.kerac.runtime.io.Npy;
import java.util.List;

/**
 * Training on PyTorch through DJL: the same MLP built from DJL's layers (Linear, ReLU, Dropout; the
 * final softmax folded into {@code SoftmaxCrossEntropyLoss}, as PyTorch users write it), Adam(1e-3),
 * with the peer weights loaded (Linear weights are {@code [out, in]}: the Keras kernel transposed)
 * and checked against {@code ref_output} before the first step.
 *
 * <pre>{@code
 * try (DjlTrainer t = new DjlTrainer(PeerModel.SEED, 2)) { t.step(x, y); }
 * }</pre>
 */
public final class DjlTrainer implements TrainingEngine {
  private final Model model;
  private final Trainer trainer;
  private final int threads;
  private final int inSize;

  /** Builds the MLP {@code peer} (tiny or seed) on PyTorch with {@code threads} intra-op threads. */
  public DjlTrainer(PeerModel peer, int threads) {
    Djl.engine(threads);
    this.threads = threads;
    this.inSize = peer.inputSize();
    SequentialBlock net = new SequentialBlock();
    int[] units;
    float dropout;
    switch (peer) {
      case TINY -> {
        units = new int[] {32, 32, 4};
        dropout = 0f;
      }
      case SEED -> {
        units = new int[] {512, 512, 10};
        dropout = 0.2f;
      }
      default -> throw new IllegalArgumentException("DJL training covers tiny and seed; got " + peer.id());
    }
    for (int l = 0; l < units.length; l++) {
      net.add(Linear.builder().setUnits(units[l]).build());
      if (l < units.length - 1) {
        net.add(Activation.reluBlock());
        if (dropout > 0) {
          net.add(Dropout.builder().optRate(dropout).build());
        }
      }
    }
    this.model = Model.newInstance(peer.id() + "-train", Device.cpu(), "PyTorch");
    model.setBlock(net);
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
        .optDevices(new Device[] {Device.cpu()});
    this.trainer = model.newTrainer(config);
    trainer.initialize(new Shape(KeracEngine.CAPACITY, inSize));
    Npz npz = peer.weights();
    load(net, npz);
    check(npz);
  }

  private static void load(SequentialBlock net, Npz npz) {
    List<String> names = npz.weightNames();
    ParameterList params = net.getParameters();
    if (params.size() != names.size()) {
      throw new IllegalStateException("DJL model has " + params.size() + " parameters, the .npz "
          + names.size());
    }
    for (int i = 0; i < names.size(); i++) {
      Npy.Array a = npz.get(names.get(i));
      NDArray p = params.valueAt(i).getArray();
      float[] v = a.data();
      if (a.shape().length == 2) { // Keras kernel [in, out] -> Linear weight [out, in]
        int in = a.shape()[0];
        int out = a.shape()[1];
        float[] t = new float[v.length];
        for (int r = 0; r < in; r++) {
          for (int c = 0; c < out; c++) {
            t[c * in + r] = v[r * out + c];
          }
        }
        v = t;
      }
      if (p.size() != v.length) {
        throw new IllegalStateException("DJL parameter " + params.keyAt(i) + " " + p.getShape()
            + " does not match .npz " + names.get(i) + " " + npz.shapeOf(names.get(i)));
      }
      p.set(v);
    }
  }

  private void check(Npz npz) {
    float[][] x = npz.refInput();
    float[][] expected = npz.refOutput();
    try (NDManager call = trainer.getManager().newSubManager()) {
      NDArray logits = trainer.evaluate(new NDList(call.create(x))).singletonOrThrow();
      float[] p = logits.softmax(-1).toFloatArray();
      float[][] got = new float[x.length][expected[0].length];
      for (int b = 0; b < x.length; b++) {
        System.arraycopy(p, b * got[b].length, got[b], 0, got[b].length);
      }
      Reference.compare(name() + " forward", got, expected);
    }
  }

  @Override
  public String name() {
    return "djl(" + threads + (threads == 1 ? " thread)" : " threads)");
  }

  @Override
  public double step(float[][] x, float[][] y) {
    try (NDManager call = trainer.getManager().newSubManager()) {
      NDArray input = call.create(x);
      NDArray labels = call.create(Inputs.labels(y)).toType(ai.djl.ndarray.types.DataType.INT64, false);
      float loss;
      try (GradientCollector g = trainer.newGradientCollector()) {
        NDList pred = trainer.forward(new NDList(input));
        NDArray l = trainer.getLoss().evaluate(new NDList(labels), pred);
        g.backward(l);
        loss = l.getFloat();
      }
      trainer.step();
      return loss;
    }
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
