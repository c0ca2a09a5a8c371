package dev.kerac.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The four benchmark models of {@code src/main/resources/peers/} (copied from the shared peer set): the
 * same weights as ONNX, TorchScript and Keras-layout {@code .npz}.
 *
 * <pre>{@code
 * PeerModel m = PeerModel.of("seed");
 * long[] shape = m.tensorShape(64);          // [64, 784] for ONNX Runtime and PyTorch
 * Npz weights = m.weights();                  // Keras names and layouts, plus ref_input/ref_output
 * }</pre>
 */
public enum PeerModel {
  /** Input 16, Dense 32 relu, Dense 32 relu, Dense 4 softmax. */
  TINY(new long[] {16}, 4),
  /** Input 784, Dense 512 relu, Dropout 0.2, Dense 512 relu, Dropout 0.2, Dense 10 softmax. */
  SEED(new long[] {784}, 10),
  /** Fashion-MNIST CNN: Keras input (28, 28, 1); the ONNX/TorchScript form takes (1, 28, 28), same memory. */
  CNN(new long[] {1, 28, 28}, 10),
  /** LSTM(128) over 28 steps of 28 features, then Dense 10 softmax. */
  LSTM(new long[] {28, 28}, 10);

  private final long[] sampleShape;
  private final int outputSize;

  PeerModel(long[] sampleShape, int outputSize) {
    this.sampleShape = sampleShape;
    this.outputSize = outputSize;
  }

  /** The model named {@code tiny}, {@code seed}, {@code cnn} or {@code lstm}. */
  public static PeerModel of(String name) {
    for (PeerModel m : values()) {
      if (m.id().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("model must be one of tiny, seed, cnn, lstm; got '" + name + "'");
  }

  /** The lower-case name used in file names and JMH parameters. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Elements per input sample. */
  public int inputSize() {
    int n = 1;
    for (long d : sampleShape) {
      n *= (int) d;
    }
    return n;
  }

  /** Elements per output sample (class probabilities). */
  public int outputSize() {
    return outputSize;
  }

  /** The ONNX/TorchScript input shape for {@code batch} samples. */
  public long[] tensorShape(int batch) {
    long[] s = new long[sampleShape.length + 1];
    s[0] = batch;
    System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
    return s;
  }

  /** The bytes of {@code NAME.SUFFIX} from the class path, e.g. {@code resource("onnx")}. */
  public byte[] resource(String suffix) {
    try (InputStream in = open(suffix)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens {@code /peers/NAME.SUFFIX} from the class path. */
  public InputStream open(String suffix) {
    String path = "/peers/" + id() + "." + suffix;
    InputStream in = PeerModel.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("resource " + path + " is missing from the class path");
    }
    return in;
  }

  /** The Keras-layout weights with {@code ref_input} and {@code ref_output}. */
  public Npz weights() {
    try (InputStream in = open("keras-weights.npz")) {
      return Npz.read(in, id() + ".keras-weights.npz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return id() + Arrays.toString(sampleShape) + "->" + outputSize;
  }
}
