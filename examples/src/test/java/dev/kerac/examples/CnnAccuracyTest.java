package dev.kerac.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.data.Dataset;
import dev.kerac.runtime.data.FashionMnist;
import dev.kerac.runtime.data.Preprocessing;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.train.Fit;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Fashion-MNIST CNNs learn: after a fixed budget of two epochs with a fixed seed they must reach a
 * bar below their full-training accuracy (reported in the README), on the full set when it is
 * installed, else on the embedded subset.
 */
class CnnAccuracyTest {
  static boolean full;
  static Dataset[] data;
  static float[][] yTrain;
  static float[][] yTest;

  @BeforeAll
  static void load() throws IOException {
    full = FashionMnist.systemDirectory().isPresent();
    data = FashionMnist.loadDefault();
    yTrain = Preprocessing.oneHot(data[0].y(), FashionMnist.CLASSES);
    yTest = Preprocessing.oneHot(data[1].y(), FashionMnist.CLASSES);
  }

  private static double trainTwoEpochs(String variant) {
    Model model = CnnMain.create(variant, 64, 42);
    CnnMain.compile(model, 2e-3, 2 * ((data[0].size() + 63) / 64));
    model.fit(data[0].x(), yTrain, Fit.epochs(2).batchSize(64).seed(7).verbose(2));
    Map<String, Double> scores = model.evaluate(data[1].x(), yTest);
    System.out.printf("%s, %s, 2 epochs: test accuracy %.4f%n", variant,
        full ? "full Fashion-MNIST" : "embedded subset", scores.get("accuracy"));
    return scores.get("accuracy");
  }

  @Test
  void cnnLearns() {
    double accuracy = trainTwoEpochs("cnn");
    double bar = full ? 0.87 : 0.75;
    assertTrue(accuracy >= bar, "test accuracy " + accuracy + " < " + bar);
  }

  @Test
  void batchNormalizedCnnLearns() {
    double accuracy = trainTwoEpochs("cnn-bn");
    double bar = full ? 0.89 : 0.75;
    assertTrue(accuracy >= bar, "test accuracy " + accuracy + " < " + bar);
  }
}
