package dev.kerac.processor.layers.normalization;

import static dev.kerac.processor.layers.normalization.Normalization.beginChannels;
import static dev.kerac.processor.layers.normalization.Normalization.beginPositions;
import static dev.kerac.processor.layers.normalization.Normalization.endPositions;
import static dev.kerac.processor.layers.normalization.Normalization.floats;
import static dev.kerac.processor.layers.normalization.Normalization.offset;
import static dev.kerac.processor.layers.normalization.Normalization.sums;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.model.WeightSpec;
import dev.kerac.processor.read.AnnotationReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code LayerNormalization} over the last axis: for every sample and position,
 * {@code y = (x - mean) * invStd * gamma + beta} with the mean and biased variance of that
 * position's {@code C} values (accumulated in double). The per-position mean and {@code invStd} are
 * kept in per-sample rows for the backward pass:
 * {@code dx = invStd * (g - mean(g) - xhat * mean(g * xhat))}, {@code g = dy * gamma}.
 */
public final class LayerNormalizationKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.normalization.LayerNormalization";
  }

  @Override
  public String kerasType() {
    return "LayerNormalization";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Normalization.check(a, report);
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    return Normalization.checkAxis(layer, input, report) ? input : null;
  }

  @Override
  public List<WeightSpec> weights(LayerNode layer, Shape input) {
    List<WeightSpec> w = new ArrayList<>();
    Normalization.affineWeights(layer.annotation(), input.last(), w);
    return w;
  }

  @Override
  public String describe(LayerNode layer) {
    return "epsilon " + layer.annotation().getDouble("epsilon");
  }

  @Override
  public void forward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int channels = c.inShape().last();
    int positions = c.inShape().size() / channels;
    boolean scale = a.getBoolean("scale");
    boolean center = a.getBoolean("center");
    var code = c.code();
    if (scale) {
      code.addStatement("float[] gamma = $N[0]", c.weight("gamma"));
    }
    if (center) {
      code.addStatement("float[] beta = $N[0]", c.weight("beta"));
    }
    // With several positions, each one's channels are copied to a scratch row: the loops then index
    // every array by c (an offset on the sample rows would keep the affine loop scalar).
    String v = positions > 1 ? "row" : "x";
    if (positions > 1) {
      code.addStatement("float[] row = $N", floats(c, "Row", channels));
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    code.addStatement("float[] means = $N[b]", c.rows("Mean", positions));
    code.addStatement("float[] invStds = $N[b]", c.rows("InvStd", positions));
    beginPositions(code, positions, channels);
    if (positions > 1) {
      code.addStatement("System.arraycopy(x, o, row, 0, $L)", channels);
    }
    code.add("// Mean, then the biased variance around it, in double.\n");
    sums(code, channels, new String[] {"sum"}, new String[] {v + "[#]"});
    code.addStatement("double mu = sum / $L", channels);
    sums(code, channels, new String[] {"squares"}, new String[] {"(" + v + "[#] - mu) * (" + v + "[#] - mu)"});
    code.addStatement("float mean = (float) mu");
    code.addStatement("float invStd = (float) (1.0 / Math.sqrt(squares / $L + $L))", channels, a.getDouble("epsilon"));
    String p = positions > 1 ? "p" : "0";
    code.addStatement("means[$L] = mean", p);
    code.addStatement("invStds[$L] = invStd", p);
    beginChannels(code, channels);
    code.addStatement("$L[c] = ($L[c] - mean) * invStd$L$L", positions > 1 ? "row" : "y", v,
        scale ? " * gamma[c]" : "", center ? " + beta[c]" : "");
    code.endControlFlow();
    if (positions > 1) {
      code.addStatement("System.arraycopy(row, 0, y, o, $L)", channels);
    }
    endPositions(code, positions);
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    AnnotationReader a = c.node().annotation();
    int channels = c.inShape().last();
    int positions = c.inShape().size() / channels;
    boolean scale = a.getBoolean("scale");
    boolean center = a.getBoolean("center");
    String o = offset(positions);
    var code = c.code();
    if (scale) {
      code.addStatement("float[] gamma = $N[0]", c.weight("gamma"));
      code.addStatement("float[] dGamma = $N[0]", c.grad("gamma"));
    }
    if (center) {
      code.addStatement("float[] dBeta = $N[0]", c.grad("beta"));
    }
    code.add("// A position's channels are copied to scratch rows so every loop indexes its arrays alike.\n");
    code.addStatement("float[] xhat = $N", floats(c, "Row", channels));
    code.addStatement("float[] g = $N", floats(c, "RowGrad", channels));
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.addStatement("float[] means = $N[b]", c.rows("Mean", positions));
    code.addStatement("float[] invStds = $N[b]", c.rows("InvStd", positions));
    beginPositions(code, positions, channels);
    String p = positions > 1 ? "p" : "0";
    code.addStatement("float mean = means[$L]", p);
    code.addStatement("float invStd = invStds[$L]", p);
    code.addStatement("System.arraycopy(x, $L, xhat, 0, $L)", o, channels);
    code.addStatement("System.arraycopy(dy, $L, g, 0, $L)", o, channels);
    beginChannels(code, channels);
    code.addStatement("xhat[c] = (xhat[c] - mean) * invStd");
    if (scale) {
      code.addStatement("dGamma[c] += g[c] * xhat[c]");
    }
    if (center) {
      code.addStatement("dBeta[c] += g[c]");
    }
    if (scale) {
      code.addStatement("g[c] *= gamma[c]");
    }
    code.endControlFlow();
    code.add("// g is now dL/dxhat; subtract its mean and its projection on xhat.\n");
    sums(code, channels, new String[] {"sumG", "sumGX"}, new String[] {"g[#]", "g[#] * xhat[#]"});
    code.addStatement("float meanG = (float) (sumG / $L)", channels);
    code.addStatement("float meanGX = (float) (sumGX / $L)", channels);
    beginChannels(code, channels);
    code.addStatement("g[c] = invStd * (g[c] - meanG - xhat[c] * meanGX)");
    code.endControlFlow();
    code.addStatement("System.arraycopy(g, 0, dx, $L, $L)", o, channels);
    endPositions(code, positions);
    code.endControlFlow();
  }
}
