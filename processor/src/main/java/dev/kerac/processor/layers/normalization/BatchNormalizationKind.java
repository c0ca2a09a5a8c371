package dev.kerac.processor.layers.normalization;

import static dev.kerac.processor.layers.normalization.Normalization.at;
import static dev.kerac.processor.layers.normalization.Normalization.beginChannels;
import static dev.kerac.processor.layers.normalization.Normalization.beginPositions;
import static dev.kerac.processor.layers.normalization.Normalization.doubles;
import static dev.kerac.processor.layers.normalization.Normalization.endPositions;
import static dev.kerac.processor.layers.normalization.Normalization.floats;

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
 * the batch's, over samples and positions (accumulated per channel in double, mean first, then the
 * variance around it), and the moving statistics are updated in place; in inference they are the
 * moving statistics. The statistics used are kept for the backward pass, which differentiates
 * through them after a training forward and is affine after an inference forward.
 *
 * <p>Hot loops run over the contiguous channels of one position. Where a loop would read and write
 * sample rows at an offset (the JIT keeps those scalar), the position's channels go through a
 * scratch row with {@code System.arraycopy}, so every array in the loop is indexed by {@code c}.
 */
public final class BatchNormalizationKind implements LayerKind {

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

  /** The fields both passes share: the statistics and the affine map of the last forward. */
  private record State(String mean, String invStd, String scale, String shift, String trained) {
    static State of(LayerCode c, int channels) {
      return new State(floats(c, "Mean", channels), floats(c, "InvStd", channels), floats(c, "Scale", channels),
          floats(c, "Shift", channels), c.variable("Trained", TypeName.BOOLEAN, CodeBlock.of("false")));
    }
  }

  @Override
  public void forward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int channels = c.inShape().last();
    int positions = c.inShape().size() / channels;
    double eps = a.getDouble("epsilon");
    float momentum = (float) a.getDouble("momentum");
    float rest = (float) (1 - a.getDouble("momentum"));
    boolean scale = a.getBoolean("scale");
    boolean center = a.getBoolean("center");
    State s = State.of(c, channels);
    String at = at(positions);
    var code = c.code();
    code.addStatement("float[] mean = $N", s.mean());
    code.addStatement("float[] invStd = $N", s.invStd());
    code.addStatement("float[] movingMean = $N[0]", c.weight("moving_mean"));
    code.addStatement("float[] movingVariance = $N[0]", c.weight("moving_variance"));
    code.beginControlFlow("if (training)");
    code.add("// Batch statistics per channel over samples and positions, in double: the mean, then the\n"
        + "// biased variance around it (two passes: no cancellation).\n");
    code.addStatement("double[] batchMean = $N", doubles(c, "BatchMean", channels));
    code.addStatement("double[] squares = $N", doubles(c, "Squares", channels));
    code.addStatement("$T.fill(batchMean, 0.0)", Arrays.class);
    code.addStatement("$T.fill(squares, 0.0)", Arrays.class);
    code.addStatement("double n = (double) batch * $L", positions);
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    beginPositions(code, positions, channels);
    beginChannels(code, channels);
    code.addStatement("batchMean[c] += x[$L]", at);
    code.endControlFlow();
    endPositions(code, positions);
    code.endControlFlow();
    beginChannels(code, channels);
    code.addStatement("batchMean[c] /= n");
    code.endControlFlow();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    beginPositions(code, positions, channels);
    beginChannels(code, channels);
    code.addStatement("double d = x[$L] - batchMean[c]", at);
    code.addStatement("squares[c] += d * d");
    code.endControlFlow();
    endPositions(code, positions);
    code.endControlFlow();
    code.add("// Moving statistics, updated in place (the biased variance here too, as Keras does).\n");
    beginChannels(code, channels);
    code.addStatement("double variance = squares[c] / n");
    code.addStatement("mean[c] = (float) batchMean[c]");
    code.addStatement("invStd[c] = (float) (1.0 / Math.sqrt(variance + $L))", eps);
    code.addStatement("movingMean[c] = movingMean[c] * $Lf + mean[c] * $Lf", momentum, rest);
    code.addStatement("movingVariance[c] = movingVariance[c] * $Lf + (float) variance * $Lf", momentum, rest);
    code.endControlFlow();
    code.nextControlFlow("else");
    beginChannels(code, channels);
    code.addStatement("mean[c] = movingMean[c]");
    code.addStatement("invStd[c] = (float) (1.0 / Math.sqrt(movingVariance[c] + $L))", eps);
    code.endControlFlow();
    code.endControlFlow();
    code.addStatement("$N = training", s.trained());

    code.add("// y = x * scale + shift: scale = gamma * invStd, shift = beta - mean * scale.\n");
    code.addStatement("float[] scale = $N", s.scale());
    code.addStatement("float[] shift = $N", s.shift());
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
    String row = positions > 1 ? floats(c, "Row", channels) : null;
    if (row != null) {
      code.addStatement("float[] row = $N", row);
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    if (row == null) {
      beginChannels(code, channels);
      code.addStatement("y[c] = x[c] * scale[c] + shift[c]");
      code.endControlFlow();
    } else {
      beginPositions(code, positions, channels);
      code.addStatement("System.arraycopy(x, o, row, 0, $L)", channels);
      beginChannels(code, channels);
      code.addStatement("row[c] = row[c] * scale[c] + shift[c]");
      code.endControlFlow();
      code.addStatement("System.arraycopy(row, 0, y, o, $L)", channels);
      endPositions(code, positions);
    }
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int channels = c.inShape().last();
    int positions = c.inShape().size() / channels;
    boolean scale = a.getBoolean("scale");
    boolean center = a.getBoolean("center");
    State s = State.of(c, channels);
    String at = at(positions);
    var code = c.code();
    code.addStatement("float[] mean = $N", s.mean());
    code.addStatement("float[] invStd = $N", s.invStd());
    code.addStatement("float[] scale = $N", s.scale());
    code.add("// Per channel: sum(dy) and sum(dy * (x - mean)), in double.\n");
    code.addStatement("double[] sumDy = $N", doubles(c, "SumDy", channels));
    code.addStatement("double[] sumDyX = $N", doubles(c, "SumDyX", channels));
    code.addStatement("$T.fill(sumDy, 0.0)", Arrays.class);
    code.addStatement("$T.fill(sumDyX, 0.0)", Arrays.class);
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] dy = $N[b]", c.dOut());
    beginPositions(code, positions, channels);
    beginChannels(code, channels);
    code.addStatement("float g = dy[$L]", at);
    code.addStatement("sumDy[c] += g");
    code.addStatement("sumDyX[c] += g * (x[$L] - mean[c])", at);
    code.endControlFlow();
    endPositions(code, positions);
    code.endControlFlow();
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
    String row = positions > 1 ? floats(c, "Row", channels) : null;
    String rowGrad = positions > 1 ? floats(c, "RowGrad", channels) : null;
    if (row != null) {
      code.addStatement("float[] row = $N", row);
      code.addStatement("float[] rowGrad = $N", rowGrad);
    }
    code.beginControlFlow("if ($N)", s.trained());
    code.add("// Through the batch statistics: dx = scale * dy + slope * (x - mean) + offset, with\n"
        + "// slope = -scale * invStd^2 * sum(dy * (x - mean)) / n and offset = -scale * sum(dy) / n.\n");
    code.addStatement("float[] slope = $N", floats(c, "Slope", channels));
    code.addStatement("float[] offset = $N", floats(c, "Offset", channels));
    code.addStatement("double n = (double) batch * $L", positions);
    beginChannels(code, channels);
    code.addStatement("slope[c] = (float) (-scale[c] * invStd[c] * invStd[c] * sumDyX[c] / n)");
    code.addStatement("offset[c] = (float) (-scale[c] * sumDy[c] / n)");
    code.endControlFlow();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    if (row == null) {
      beginChannels(code, channels);
      code.addStatement("dx[c] = scale[c] * dy[c] + slope[c] * (x[c] - mean[c]) + offset[c]");
      code.endControlFlow();
    } else {
      beginPositions(code, positions, channels);
      code.addStatement("System.arraycopy(x, o, row, 0, $L)", channels);
      code.addStatement("System.arraycopy(dy, o, rowGrad, 0, $L)", channels);
      beginChannels(code, channels);
      code.addStatement("row[c] = scale[c] * rowGrad[c] + slope[c] * (row[c] - mean[c]) + offset[c]");
      code.endControlFlow();
      code.addStatement("System.arraycopy(row, 0, dx, o, $L)", channels);
      endPositions(code, positions);
    }
    code.endControlFlow();
    code.nextControlFlow("else");
    code.add("// Inference statistics are constants: dx = scale * dy.\n");
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    if (row == null) {
      beginChannels(code, channels);
      code.addStatement("dx[c] = scale[c] * dy[c]");
      code.endControlFlow();
    } else {
      beginPositions(code, positions, channels);
      code.addStatement("System.arraycopy(dy, o, row, 0, $L)", channels);
      beginChannels(code, channels);
      code.addStatement("row[c] *= scale[c]");
      code.endControlFlow();
      code.addStatement("System.arraycopy(row, 0, dx, o, $L)", channels);
      endPositions(code, positions);
    }
    code.endControlFlow();
    code.endControlFlow();
  }
}
