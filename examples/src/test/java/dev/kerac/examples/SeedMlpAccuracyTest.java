package dev.kerac.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.data.Dataset;
import dev.kerac.runtime.data.FashionMnist;
import dev.kerac.runtime.data.Preprocessing;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.optimizers.Adam;
import dev.kerac.runtime.optimizers.schedules.CosineDecay;
import dev.kerac.runtime.train.Fit;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed MLP learns Fashion-MNIST: on the full set (installed by CI) it must reach the dataset's
 * own MLP benchmark level, 0.88 test accuracy, after a fixed budget of epochs with a fixed seed; without
 * it, the embedded subset must reach 0.80.
 */
class SeedMlpAccuracyTest {

  @Test
  void reachesTheBenchmarkAccuracy() throws IOException {
    boolean full = FashionMnist.systemDirectory().isPresent();
    Dataset[] data = FashionMnist.loadDefault();
    float[][] yTrain = Preprocessing.oneHot(data[0].y(), FashionMnist.CLASSES);
    float[][] yTest = Preprocessing.oneHot(data[1].y(), FashionMnist.CLASSES);
    int epochs = full ? 8 : 6;
    Kerac_SeedMlp model = SeedMlp.create(128, 42);
    // Adam whose step size decays to 0 along a cosine over the whole run.
    int steps = epochs * ((data[0].size() + 127) / 128);
    model.compile(new Adam(new CosineDecay(1e-3, steps)), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
    model.fit(data[0].x(), yTrain, Fit.epochs(epochs).batchSize(128).seed(7).verbose(2));
    Map<String, Double> scores = model.evaluate(data[1].x(), yTest);
    double bar = full ? 0.88 : 0.80;
    System.out.printf("seed MLP, %s, %d epochs: test accuracy %.4f (bar %.2f)%n",
        full ? "full Fashion-MNIST" : "embedded subset", epochs, scores.get("accuracy"), bar);
    assertTrue(scores.get("accuracy") >= bar, "test accuracy " + scores.get("accuracy") + " < " + bar);
  }
}
