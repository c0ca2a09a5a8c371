package dev.kerac.examples;

import dev.kerac.runtime.data.Dataset;
import dev.kerac.runtime.data.FashionMnist;
import dev.kerac.runtime.data.Preprocessing;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.optimizers.Adam;
import dev.kerac.runtime.optimizers.schedules.CosineDecay;
import dev.kerac.runtime.train.Fit;
import dev.kerac.runtime.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The main job: trains the seed MLP on Fashion-MNIST (the full set when
 * {@code /usr/share/datasets/fashion-mnist} exists, else the subset embedded in the runtime),
 * evaluates it on the test set, saves and reloads the weights, and times single-sample inference.
 *
 * <p>Arguments: {@code [epochs] [weights file]}; defaults: 15 epochs on the full set, 10 on the subset,
 * {@code target/seed_mlp.weights}.
 */
public final class SeedMlpMain {
  private SeedMlpMain() {}

  public static void main(String[] args) throws IOException {
    boolean full = FashionMnist.systemDirectory().isPresent();
    Dataset[] data = FashionMnist.loadDefault();
    Dataset train = data[0];
    Dataset test = data[1];
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : (full ? 15 : 10);
    Path weights = Path.of(args.length > 1 ? args[1] : "target/seed_mlp.weights");
    System.out.printf("Fashion-MNIST (%s): %,d training and %,d test images%n",
        full ? "full set, " + FashionMnist.SYSTEM_DIRECTORY : "embedded subset", train.size(), test.size());

    float[][] yTrain = Preprocessing.oneHot(train.y(), FashionMnist.CLASSES);
    float[][] yTest = Preprocessing.oneHot(test.y(), FashionMnist.CLASSES);

    Kerac_SeedMlp model = SeedMlp.create(128, 42);
    // Adam whose step size decays to 0 along a cosine over the whole run (90% of the data trains).
    int steps = epochs * (((int) Math.floor(train.size() * 0.9) + 127) / 128);
    model.compile(new Adam(new CosineDecay(1e-3, steps)), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
    model.summary();
    long start = System.nanoTime();
    History history = model.fit(train.x(), yTrain,
        Fit.epochs(epochs).batchSize(128).validationSplit(0.1).seed(7));
    double minutes = (System.nanoTime() - start) / 60e9;
    Map<String, Double> scores = model.evaluate(test.x(), yTest);
    System.out.printf("trained %d epochs in %.1f min; test loss %.4f, test accuracy %.4f%n",
        history.epoch().size(), minutes, scores.get("loss"), scores.get("accuracy"));

    Files.createDirectories(weights.toAbsolutePath().getParent());
    model.saveWeights(weights);
    Kerac_SeedMlp reloaded = SeedMlp.create(128, 0);
    reloaded.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
    reloaded.loadWeights(weights);
    float[] a = new float[10];
    float[] b = new float[10];
    int same = 0;
    for (int i = 0; i < 1000 && i < test.size(); i++) {
      model.predict(test.x()[i], a);
      reloaded.predict(test.x()[i], b);
      same += Arrays.equals(a, b) ? 1 : 0;
    }
    System.out.printf("saved %s (%,d bytes); the reloaded model gives identical outputs on %d/%d test images%n",
        weights, Files.size(weights), same, Math.min(1000, test.size()));

    // Single-sample latency: predict(in, out) after warm-up (allocation-free).
    float[] out = new float[10];
    for (int i = 0; i < 20_000; i++) {
      reloaded.predict(test.x()[i % test.size()], out);
    }
    int n = 20_000;
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      reloaded.predict(test.x()[i % test.size()], out);
      times[i] = System.nanoTime() - t0;
    }
    Arrays.sort(times);
    System.out.printf("single-sample inference: median %.1f us, p99 %.1f us (%d calls, 1 thread)%n",
        times[n / 2] / 1e3, times[n * 99 / 100] / 1e3, n);
    System.out.printf("first test image: %s (label %s)%n",
        FashionMnist.CLASS_NAMES.get(SeedMlp.argmax(out(reloaded, test.x()[0]))),
        FashionMnist.CLASS_NAMES.get((int) test.y()[0][0]));
  }

  private static float[] out(Kerac_SeedMlp model, float[] image) {
    float[] p = new float[10];
    model.predict(image, p);
    return p;
  }
}
