package dev.kerac.processor.layers.normalization;

import static dev.kerac.processor.layers.normalization.Normalization.at;
import static dev.kerac.processor.layers.normalization.Normalization.beginChannels;
import static dev.kerac.processor.layers.normalization.Normalization.beginPositions;
import static dev.kerac.processor.layers.normalization.Normalization.doubles;
import static dev.kerac.processor.layers.normalization.Normalization.endPositions;
import static dev.kerac.processor.layers.normalization.Normalization.floats;
import static dev.kerac.processor.layers.normalization.Normalization.replicate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.model.WeightSpec;
import dev.kerac.processor.read.AnnotationReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras {@code BatchNormalization} over the last axis. Forward, per channel {@code c}:
 * {@code y = x * scale[c] + shift[c]} with {@code scale = gamma / sqrt(var + eps)} and
 * {@code shift = beta - mean * scale} (Keras's form). In training the mean and biased variance are
 * the batch's, over samples and positions (mean first, then the variance around it), and the moving
 * statistics are updated in place; in inference they are the moving statistics. The statistics used
 * are kept for the backward pass, which differentiates through them after a training forward and is
 * affine after an inference forward.
 *
 * <p>Loop shapes: samples are NHWC-flat, so channel {@code c} of position {@code p} is element
 * {@code p * C + c}. Per-channel values ({@code scale}, {@code shift}, {@code mean}, ...) are computed
 * at {@code [0, C)} of a sample-sized row and replicated to every position, so every hot loop is
 * {@code y[k] = x[k] * scale[k] + shift[k]} over a whole sample, the same index on every array (the
 * JIT vectorizes it; offsets such as {@code x[o + c]} next to {@code y[o + c]} would keep it scalar).
 * Sums over the batch are likewise accumulated per element in float over blocks of
 * {@value #BLOCK} samples, then folded into per-channel doubles.
 */
public final class BatchNormalizationKind implements LayerKind {
  /** Samples per block of the float accumulators (bounds their rounding error), folded into doubles. */
  static final int BLOCK = 64;

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.normalization.BatchNormalization";
  }

  @Override
  public String kerasType() {
    return "BatchNormalization";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    double momentum = a.getDouble("momentum");
    if (!(momentum >= 0 && momentum <= 1)) {
      report.error(a.element(), a.mirror(), "momentum", Message.UNIT_INTERVAL, "BatchNormalization", "momentum",
          momentum);
    }
    Normalization.check(a, report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    return Normalization.checkAxis(layer, input, report) ? input : null;
  }

  @Override
  public List<WeightSpec> weights(LayerNode layer, Shape input) {
    AnnotationReader a = layer.annotation();
    int channels = input.last();
    List<WeightSpec> w = new ArrayList<>();
    Normalization.affineWeights(a, channels, w);
    w.add(new WeightSpec("moving_mean", new Shape(channels), false,
        Normalization.initializer(a, "movingMeanInitializer"), 0, 0));
    w.add(new WeightSpec("moving_variance", new Shape(channels), false,
        Normalization.initializer(a, "movingVarianceInitializer"), 0, 0));
    return w;
  }

  @Override
  public String describe(LayerNode layer) {
    AnnotationReader a = layer.annotation();
    return "momentum " + a.getDouble("momentum") + ", epsilon " + a.getDouble("epsilon");
  }

  /**
   * The fields both passes share: the statistics and the affine map of the last forward. Mean and
   * scale are sample-sized rows (per-channel values replicated to every position); invStd is per
   * channel.
   */
  private record State(String mean, String invStd, String scale, String trained) {
    static State of(LayerCode c, int channels, int size) {
      return new State(floats(c, "Mean", size), floats(c, "InvStd", channels), floats(c, "Scale", size),
          c.variable("Trained", TypeName.BOOLEAN, CodeBlock.of("false")));
    }
  }

  /**
   * Emits per-channel double sums over the batch of one or two per-element float expressions. Each
   * element is summed in float over a block of samples (a loop the JIT vectorizes: every array is
   * indexed by {@code k}), then the block is folded into the channel sums in double.
   *
   * @param sums the per-channel {@code double[]} locals, zeroed first
   * @param accs the sample-sized {@code float[]} accumulator locals, one per sum
   * @param terms the per-element expression added to each accumulator (index {@code k})
   * @param setup a statement run first for each element (empty for none)
   * @param rows pairs (local name, rows field) of the sample rows the terms read
   */
  private static void channelSums(LayerCode c, CodeBlock.Builder code, String[] sums, String[] accs,
      String[] terms, String setup, String... rows) {
    int channels = c.inShape().last();
    int size = c.inShape().size();
    int positions = size / channels;
    for (String sum : sums) {
      code.addStatement("$T.fill($L, 0.0)", Arrays.class, sum);
    }
    code.beginControlFlow("for (int b0 = 0; b0 < batch; b0 += $L)", BLOCK);
    for (String acc : accs) {
      code.addStatement("$T.fill($L, 0f)", Arrays.class, acc);
    }
    code.beginControlFlow("for (int b = b0, end = Math.min(batch, b0 + $L); b < end; b++)", BLOCK);
    for (int i = 0; i < rows.length; i += 2) {
      code.addStatement("float[] $L = $N[b]", rows[i], rows[i + 1]);
    }
    code.beginControlFlow("for (int k = 0; k < $L; k++)", size);
    if (!setup.isEmpty()) {
      code.addStatement(setup);
    }
    for (int i = 0; i < accs.length; i++) {
      code.addStatement("$L[k] += $L", accs[i], terms[i]);
    }
    code.endControlFlow();
    code.endControlFlow();
    code.add("// Fold the block into the per-channel sums.\n");
    beginPositions(code, positions, channels);
    beginChannels(code, channels);
    for (int i = 0; i < sums.length; i++) {
      code.addStatement("$L[c] += $L[$L]", sums[i], accs[i], at(positions));
    }
    code.endControlFlow();
    endPositions(code, positions);
    code.endControlFlow();
  }

  @Override
  public void forward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int channels = c.inShape().last();
    int size = c.inShape().size();
    int positions = size / channels;
    double eps = a.getDouble("epsilon");
    float momentum = (float) a.getDouble("momentum");
    float rest = (float) (1 - a.getDouble("momentum"));
    boolean scale = a.getBoolean("scale");
    boolean center = a.getBoolean("center");
    State s = State.of(c, channels, size);
    var code = c.code();
    if (positions > 1) {
      code.add("// Per-channel rows hold the channel values at [0, $L) and are replicated to every position,\n"
          + "// so the hot loops index every array alike.\n", channels);
    }
    code.addStatement("float[] mean = $N", s.mean());
    code.addStatement("float[] invStd = $N", s.invStd());
    code.addStatement("float[] movingMean = $N[0]", c.weight("moving_mean"));
    code.addStatement("float[] movingVariance = $N[0]", c.weight("moving_variance"));
    code.beginControlFlow("if (training)");
    code.add("// Batch statistics over samples and positions: the mean, then the biased variance around it.\n");
    code.addStatement("double[] sum = $N", doubles(c, "Sum", channels));
    code.addStatement("double[] squares = $N", doubles(c, "Squares", channels));
    code.addStatement("float[] acc = $N", floats(c, "Acc", size));
    code.addStatement("double n = (double) batch * $L", positions);
    channelSums(c, code, new String[] {"sum"}, new String[] {"acc"}, new String[] {"x[k]"}, "", "x", c.in());
    beginChannels(code, channels);
    code.addStatement("mean[c] = (float) (sum[c] / n)");
    code.endControlFlow();
    replicate(code, positions, channels, "mean");
    channelSums(c, code, new String[] {"squares"}, new String[] {"acc"}, new String[] {"d * d"},
        "float d = x[k] - mean[k]", "x", c.in());
    code.add("// Moving statistics, updated in place (the biased variance here too, as Keras does).\n");
    beginChannels(code, channels);
    code.addStatement("double variance = squares[c] / n");
    code.addStatement("invStd[c] = (float) (1.0 / Math.sqrt(variance + $L))", eps);
    code.addStatement("movingMean[c] = movingMean[c] * $Lf + mean[c] * $Lf", momentum, rest);
    code.addStatement("movingVariance[c] = movingVariance[c] * $Lf + (float) variance * $Lf", momentum, rest);
    code.endControlFlow();
    code.nextControlFlow("else");
    beginChannels(code, channels);
    code.addStatement("mean[c] = movingMean[c]");
    code.addStatement("invStd[c] = (float) (1.0 / Math.sqrt(movingVariance[c] + $L))", eps);
    code.endControlFlow();
    replicate(code, positions, channels, "mean");
    code.endControlFlow();
    code.addStatement("$N = training", s.trained());

    code.add("// y = x * scale + shift: scale = gamma * invStd, shift = beta - mean * scale.\n");
    code.addStatement("float[] scale = $N", s.scale());
    code.addStatement("float[] shift = $N", floats(c, "Shift", size));
    if (scale) {
      code.addStatement("float[] gamma = $N[0]", c.weight("gamma"));
    }
    if (center) {
      code.addStatement("float[] beta = $N[0]", c.weight("beta"));
    }
    beginChannels(code, channels);
    code.addStatement(scale ? "scale[c] = gamma[c] * invStd[c]" : "scale[c] = invStd[c]");
    code.addStatement(center ? "shift[c] = beta[c] - mean[c] * scale[c]" : "shift[c] = -mean[c] * scale[c]");
    code.endControlFlow();
    replicate(code, positions, channels, "scale", "shift");
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    code.beginControlFlow("for (int k = 0; k < $L; k++)", size);
    code.addStatement("y[k] = x[k] * scale[k] + shift[k]");
    code.endControlFlow();
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int channels = c.inShape().last();
    int size = c.inShape().size();
    int positions = size / channels;
    boolean scale = a.getBoolean("scale");
    boolean center = a.getBoolean("center");
    State s = State.of(c, channels, size);
    var code = c.code();
    code.addStatement("float[] mean = $N", s.mean());
    code.addStatement("float[] invStd = $N", s.invStd());
    code.addStatement("float[] scale = $N", s.scale());
    code.add("// Per channel: sum(dy) and sum(dy * (x - mean)).\n");
    code.addStatement("double[] sumDy = $N", doubles(c, "SumDy", channels));
    code.addStatement("double[] sumDyX = $N", doubles(c, "SumDyX", channels));
    code.addStatement("float[] acc = $N", floats(c, "Acc", size));
    code.addStatement("float[] accX = $N", floats(c, "AccX", size));
    channelSums(c, code, new String[] {"sumDy", "sumDyX"}, new String[] {"acc", "accX"},
        new String[] {"g", "g * (x[k] - mean[k])"}, "float g = dy[k]", "x", c.in(), "dy", c.dOut());
    if (scale) {
      code.addStatement("float[] dGamma = $N[0]", c.grad("gamma"));
      beginChannels(code, channels);
      code.addStatement("dGamma[c] += (float) (sumDyX[c] * invStd[c])");
      code.endControlFlow();
    }
    if (center) {
      code.addStatement("float[] dBeta = $N[0]", c.grad("beta"));
      beginChannels(code, channels);
      code.addStatement("dBeta[c] += (float) sumDy[c]");
      code.endControlFlow();
    }
    code.beginControlFlow("if ($N)", s.trained());
    code.add("// Through the batch statistics: dx = scale * dy + slope * (x - mean) + offset, with\n"
        + "// slope = -scale * invStd^2 * sum(dy * (x - mean)) / n and offset = -scale * sum(dy) / n.\n");
    code.addStatement("float[] slope = $N", floats(c, "Slope", size));
    code.addStatement("float[] offset = $N", floats(c, "Offset", size));
    code.addStatement("double n = (double) batch * $L", positions);
    beginChannels(code, channels);
    code.addStatement("slope[c] = (float) (-scale[c] * invStd[c] * invStd[c] * sumDyX[c] / n)");
    code.addStatement("offset[c] = (float) (-scale[c] * sumDy[c] / n)");
    code.endControlFlow();
    replicate(code, positions, channels, "slope", "offset");
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.beginControlFlow("for (int k = 0; k < $L; k++)", size);
    code.addStatement("dx[k] = scale[k] * dy[k] + slope[k] * (x[k] - mean[k]) + offset[k]");
    code.endControlFlow();
    code.endControlFlow();
    code.nextControlFlow("else");
    code.add("// Inference statistics are constants: dx = scale * dy.\n");
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.beginControlFlow("for (int k = 0; k < $L; k++)", size);
    code.addStatement("dx[k] = scale[k] * dy[k]");
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
  }
}
