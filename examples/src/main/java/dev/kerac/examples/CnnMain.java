package dev.kerac.examples;

import dev.kerac.runtime.data.Dataset;
import dev.kerac.runtime.data.FashionMnist;
import dev.kerac.runtime.data.Preprocessing;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.optimizers.Adam;
import dev.kerac.runtime.optimizers.schedules.CosineDecay;
import dev.kerac.runtime.train.Fit;
import dev.kerac.runtime.train.History;
import java.io.IOException;
import java.util.Map;

/**
 * Trains the Fashion-MNIST CNN ({@code cnn}, default) or its BatchNormalization variant
 * ({@code cnn-bn}) and reports test accuracy and time. Arguments:
 * {@code [cnn|cnn-bn] [epochs] [learning rate] [batch size]} (defaults 12 epochs for {@code cnn}, 20 for
 * {@code cnn-bn}, 2e-3, 64); Adam's
 * learning rate decays to 0 along a cosine over the run. Uses the full Fashion-MNIST when installed, else the embedded subset.
 */
public final class CnnMain {
  private CnnMain() {}

  /** The compiled model for a variant name. */
  static Model create(String variant, int capacity, long seed) {
    return switch (variant) {
      case "cnn" -> new Kerac_FashionCnn(capacity, seed);
      case "cnn-bn" -> new Kerac_FashionCnnBn(capacity, seed);
      default -> throw new IllegalArgumentException("variant must be cnn or cnn-bn, got " + variant);
    };
  }

  /** Compiles {@code model} with Adam at {@code lr} decaying to 0 along a cosine over {@code steps}. */
  static void compile(Model model, double lr, int steps) {
    model.compile(new Adam(new CosineDecay(lr, steps)), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
  }

  public static void main(String[] args) throws IOException {
    String variant = args.length > 0 ? args[0] : "cnn";
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : variant.equals("cnn-bn") ? 20 : 12;
    double lr = args.length > 2 ? Double.parseDouble(args[2]) : 2e-3;
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    Dataset[] data = FashionMnist.loadDefault();
    float[][] yTrain = Preprocessing.oneHot(data[0].y(), FashionMnist.CLASSES);
    float[][] yTest = Preprocessing.oneHot(data[1].y(), FashionMnist.CLASSES);
    Model model = create(variant, batchSize, 42);
    int steps = epochs * ((data[0].size() + batchSize - 1) / batchSize);
    compile(model, lr, steps);
    model.summary();
    long start = System.nanoTime();
    History h = model.fit(data[0].x(), yTrain, Fit.epochs(epochs).batchSize(batchSize).seed(7)
        .validationData(data[1].x(), yTest));
    double minutes = (System.nanoTime() - start) / 60e9;
    Map<String, Double> scores = model.evaluate(data[1].x(), yTest);
    System.out.printf("%s: %d epochs in %.1f min on %,d images; test accuracy %.4f (best epoch %.4f)%n",
        variant, h.epoch().size(), minutes, data[0].size(), scores.get("accuracy"),
        max(h.get("val_accuracy")));
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
