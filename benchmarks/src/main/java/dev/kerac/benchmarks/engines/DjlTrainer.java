package dev.kerac.benchmarks.engines;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
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
 * Training on PyTorch through DJL: the same network built from DJL's layers (Linear, ReLU, Dropout;
 * for the CNN Conv2d, max pooling and a batch flatten in PyTorch's NCHW layout; the final softmax
 * folded into {@code SoftmaxCrossEntropyLoss}, as PyTorch users write it), Adam(1e-3), with the peer
 * weights loaded in PyTorch's layouts ({@link KerasLayouts}) and checked against {@code ref_output}
 * before the first step.
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
  private final PeerModel peer;

  /** Builds {@code peer} (tiny, seed or cnn) on PyTorch with {@code threads} intra-op threads. */
  public DjlTrainer(PeerModel peer, int threads) {
    Djl.engine(threads);
    this.threads = threads;
    this.peer = peer;
    this.inSize = peer.inputSize();
    SequentialBlock net = switch (peer) {
      case TINY -> mlp(new int[] {32, 32, 4}, 0f);
      case SEED -> mlp(new int[] {512, 512, 10}, 0.2f);
      case CNN -> cnn();
      default -> throw new IllegalArgumentException("DJL training covers tiny, seed and cnn; got " + peer.id());
    };
    this.model = Model.newInstance(peer.id() + "-train", Device.cpu(), "PyTorch");
    model.setBlock(net);
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        // Keras's epsilon (DJL's default is 1e-8); DJL's update has Keras's form, eps outside the sqrt.
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).optEpsilon(1e-7f).build())
        .optDevices(new Device[] {Device.cpu()});
    this.trainer = model.newTrainer(config);
    trainer.initialize(new Shape(peer.tensorShape(KeracEngine.CAPACITY)));
    Npz npz = peer.weights();
    load(net, npz, peer);
    check(npz);
  }

  private static SequentialBlock mlp(int[] units, float dropout) {
    SequentialBlock net = new SequentialBlock();
    for (int l = 0; l < units.length; l++) {
      net.add(Linear.builder().setUnits(units[l]).build());
      if (l < units.length - 1) {
        net.add(Activation.reluBlock());
        if (dropout > 0) {
          net.add(Dropout.builder().optRate(dropout).build());
        }
      }
    }
    return net;
  }

  /**
   * The CNN in PyTorch's NCHW layout (input [N, 1, 28, 28], the same memory as Keras's
   * [N, 28, 28, 1]): valid 3×3 convolutions, 2×2 max pools with stride 2 (5×5×64 after the second).
   */
  private static SequentialBlock cnn() {
    SequentialBlock net = new SequentialBlock();
    net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build());
    net.add(Activation.reluBlock());
    net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build());
    net.add(Activation.reluBlock());
    net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    net.add(Blocks.batchFlattenBlock());
    net.add(Linear.builder().setUnits(128).build());
    net.add(Activation.reluBlock());
    net.add(Linear.builder().setUnits(10).build());
    return net;
  }

  /**
   * Sets the peer weights: Linear weights are {@code [out, in]} (the Keras kernel transposed), conv
   * weights {@code [out, in, kh, kw]}, and the CNN's first Dense kernel rows go from Keras's NHWC
   * flatten order to NCHW.
   */
  private static void load(SequentialBlock net, Npz npz, PeerModel peer) {
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
      if (a.shape().length == 4) {
        v = KerasLayouts.convKernelOihw(a);
      } else if (a.shape().length == 2) {
        int in = a.shape()[0];
        int out = a.shape()[1];
        if (peer == PeerModel.CNN && names.get(i).equals("dense/kernel")) {
          v = KerasLayouts.flattenRowsNchw(a, 5, 5, 64);
        }
        v = KerasLayouts.transpose(v, in, out);
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
      NDArray logits = trainer.evaluate(new NDList(input(call, x))).singletonOrThrow();
      float[] p = logits.softmax(-1).toFloatArray();
      float[][] got = new float[x.length][expected[0].length];
      for (int b = 0; b < x.length; b++) {
        System.arraycopy(p, b * got[b].length, got[b], 0, got[b].length);
      }
      Reference.compare(name() + " forward", got, expected);
    }
  }

  /** The rows {@code x} as one tensor of the model's input shape, as a caller holding float[][] must. */
  private NDArray input(NDManager call, float[][] x) {
    float[] flat = new float[x.length * inSize];
    for (int b = 0; b < x.length; b++) {
      System.arraycopy(x[b], 0, flat, b * inSize, inSize);
    }
    return call.create(flat, new Shape(peer.tensorShape(x.length)));
  }

  @Override
  public String name() {
    return "djl(" + threads + (threads == 1 ? " thread)" : " threads)");
  }

  @Override
  public double step(float[][] x, float[][] y) {
    try (NDManager call = trainer.getManager().newSubManager()) {
      NDArray input = input(call, x);
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
