package dev.kerac.processor.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.optimizers.Adam;
import dev.kerac.runtime.testing.Allocations;
import org.junit.jupiter.api.Test;

/**
 * The augmentation layers: identity in inference; in training each sample is one of the allowed
 * mirror images of its input, the flips are drawn fairly, and the gradient goes back through the
 * same mirror.
 */
class AugmentationTest {
  private static final int H = 3;
  private static final int W = 4;
  private static final int C = 2;
  private static final int N = H * W * C;
  private static final int BATCH = 64;

  private static Model flip(String mode, String more) {
    String src = "package aug;\n"
        + "import dev.kerac.annotations.*;\n"
        + "import dev.kerac.annotations.layers.augmentation.*;\n"
        + "import dev.kerac.annotations.layers.core.*;\n"
        + "import dev.kerac.annotations.layers.reshaping.*;\n"
        + "@Sequential(input = @Input(shape = {" + H + ", " + W + ", " + C + "}))\n"
        + "abstract class Flip {\n"
        + "  @RandomFlip(mode = RandomFlip.Mode." + mode + ", seed = 11) Layer flip;\n" + more + "\n}\n";
    return ModelCompiler.build("aug.Flip", src, BATCH, 5);
  }

  /** Distinct values, so that every mirror image of a sample differs from the others. */
  private static float[][] images() {
    float[][] x = new float[BATCH][N];
    for (int b = 0; b < BATCH; b++) {
      for (int k = 0; k < N; k++) {
        x[b][k] = b * 100 + k;
      }
    }
    return x;
  }

  /** {@code x} mirrored: left-right when {@code h}, upside down when {@code v} (written independently). */
  private static float[] mirror(float[] x, boolean h, boolean v) {
    float[] y = new float[N];
    for (int i = 0; i < H; i++) {
      for (int j = 0; j < W; j++) {
        for (int c = 0; c < C; c++) {
          int si = v ? H - 1 - i : i;
          int sj = h ? W - 1 - j : j;
          y[(i * W + j) * C + c] = x[(si * W + sj) * C + c];
        }
      }
    }
    return y;
  }

  /** Which of the four mirror images {@code y} is of {@code x} (bit 0 left-right, bit 1 upside down), or -1. */
  private static int flipOf(float[] x, float[] y) {
    for (int f = 0; f < 4; f++) {
      if (java.util.Arrays.equals(mirror(x, (f & 1) != 0, (f & 2) != 0), y)) {
        return f;
      }
    }
    return -1;
  }

  @Test
  void inferenceIsTheIdentity() {
    Model m = flip("HORIZONTAL_AND_VERTICAL", "");
    float[][] x = images();
    m.forward(x, BATCH, false);
    for (int b = 0; b < BATCH; b++) {
      assertArrayEquals(x[b], m.output()[b]);
    }
    float[] out = new float[N];
    m.predict(x[3], out);
    assertArrayEquals(x[3], out);
  }

  @Test
  void trainingDrawsEachFlipFairlyAndBackwardMirrorsTheGradient() {
    Model m = flip("HORIZONTAL_AND_VERTICAL", "");
    float[][] x = images();
    float[][] dy = images();
    for (float[] row : dy) {
      for (int k = 0; k < N; k++) {
        row[k] = -row[k] - 0.5f;
      }
    }
    int[] counts = new int[4];
    for (int round = 0; round < 8; round++) {
      m.forward(x, BATCH, true);
      int[] flips = new int[BATCH];
      for (int b = 0; b < BATCH; b++) {
        flips[b] = flipOf(x[b], m.output()[b]);
        assertTrue(flips[b] >= 0, "sample " + b + " is a mirror image of its input");
        counts[flips[b]]++;
      }
      m.backward(dy, BATCH);
      for (int b = 0; b < BATCH; b++) {
        // A flip is its own inverse: the gradient goes back through the same mirror.
        assertArrayEquals(mirror(dy[b], (flips[b] & 1) != 0, (flips[b] & 2) != 0), m.inputGradient()[b]);
      }
    }
    // 512 draws of 4 equally likely flips: 128 each; 80..176 is beyond 5 standard deviations (9.8).
    for (int f = 0; f < 4; f++) {
      assertTrue(counts[f] > 80 && counts[f] < 176, "flip " + f + " drawn " + counts[f] + " times of 512");
    }
  }

  @Test
  void horizontalModeOnlyMirrorsLeftRight() {
    Model m = flip("HORIZONTAL", "");
    float[][] x = images();
    int mirrored = 0;
    for (int round = 0; round < 4; round++) {
      m.forward(x, BATCH, true);
      for (int b = 0; b < BATCH; b++) {
        int f = flipOf(x[b], m.output()[b]);
        assertTrue(f == 0 || f == 1, "sample " + b + ": only left-right flips, got " + f);
        mirrored += f;
      }
    }
    assertTrue(mirrored > 80 && mirrored < 176, "left-right flips " + mirrored + " of 256");
  }

  @Test
  void verticalModeOnlyMirrorsUpsideDown() {
    Model m = flip("VERTICAL", "");
    float[][] x = images();
    m.forward(x, BATCH, true);
    int mirrored = 0;
    for (int b = 0; b < BATCH; b++) {
      int f = flipOf(x[b], m.output()[b]);
      assertTrue(f == 0 || f == 2, "sample " + b + ": only upside-down flips, got " + f);
      mirrored += f / 2;
    }
    assertTrue(mirrored > 10 && mirrored < 54, "upside-down flips " + mirrored + " of 64");
  }

  @Test
  void trainsWithoutAllocating() {
    Model m = flip("HORIZONTAL", "@Flatten Layer flat; @Dense(units = 3, activation = Activations.SOFTMAX) Layer out;");
    float[][] x = images();
    float[][] y = new float[BATCH][3];
    for (int b = 0; b < BATCH; b++) {
      x[b] = x[b].clone();
      for (int k = 0; k < N; k++) {
        x[b][k] /= 10_000f;
      }
      y[b][b % 3] = 1f;
    }
    m.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY);
assertEquals(0, Allocations.leastBytes(() -> m.trainer().trainOnBatch(x, y, null, BATCH), 50),
        "bytes allocated by 50 training steps");
  }

  private static Model translation(String args) {
    String src = "package aug;\n"
        + "import dev.kerac.annotations.*;\n"
        + "import dev.kerac.annotations.layers.augmentation.*;\n"
        + "@Sequential(input = @Input(shape = {4, 3, 2}))\n"
        + "abstract class Shift {\n"
        + "  @RandomTranslation(" + args + ") Layer shift;\n}\n";
    return ModelCompiler.build("aug.Shift", src, 8, 5);
  }

  @Test
  void translationMovesImagesInTrainingOnlyAndBackwardIsItsAdjoint() {
    // Exactly two rows down (heightFactor {0.5, 0.5} of 4 rows), zeros above: out(i, j) = in(i - 2, j).
    Model m = translation("heightFactor = {0.5, 0.5}, widthFactor = 0, fillMode = RandomTranslation.FillMode.CONSTANT,"
        + " interpolation = RandomTranslation.Interpolation.NEAREST");
    float[][] x = new float[8][24];
    for (int b = 0; b < 8; b++) {
      for (int k = 0; k < 24; k++) {
        x[b][k] = 1 + b * 24 + k;
      }
    }
    m.forward(x, 8, false);
    assertArrayEquals(x[5], m.output()[5], "inference: identity");
    m.forward(x, 8, true);
    float[] expected = new float[24];
    System.arraycopy(x[5], 0, expected, 12, 12); // rows 0, 1 (3 pixels x 2 channels each) move to rows 2, 3
    assertArrayEquals(expected, m.output()[5], "training: two rows down");

    // Random fractional shifts with reflection: backward must be the transpose of forward.
    Model r = translation("heightFactor = 0.3, widthFactor = {-0.4, 0.2}");
    float[][] dy = new float[8][24];
    for (int b = 0; b < 8; b++) {
      for (int k = 0; k < 24; k++) {
        dy[b][k] = (float) Math.sin(b * 7 + k);
      }
    }
    r.forward(x, 8, true);
    float[][] y = new float[8][];
    for (int b = 0; b < 8; b++) {
      y[b] = r.output()[b].clone();
    }
    r.backward(dy, 8);
    int moved = 0;
    for (int b = 0; b < 8; b++) {
      double yg = 0;
      double xdx = 0;
      for (int k = 0; k < 24; k++) {
        yg += (double) y[b][k] * dy[b][k];
        xdx += (double) x[b][k] * r.inputGradient()[b][k];
      }
      assertEquals(yg, xdx, 1e-4 * (1 + Math.abs(yg)), "sample " + b + ": <T x, g> = <x, T^T g>");
      moved += java.util.Arrays.equals(x[b], y[b]) ? 0 : 1;
    }
    assertTrue(moved >= 7, "fractional shifts change the images: " + moved + " of 8");
  }
}
