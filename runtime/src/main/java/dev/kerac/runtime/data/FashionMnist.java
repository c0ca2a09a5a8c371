package dev.kerac.runtime.data;

import dev.kerac.runtime.io.FileFormatException;
import dev.kerac.runtime.io.Idx;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Zalando Research): 28×28 grey-scale images of clothing in 10 classes, 60,000 for
 * training and 10,000 for testing, a drop-in replacement for MNIST. MIT licence, Copyright (c) 2017
 * Zalando SE.
 *
 * <p>Every loader returns {@code {train, test}} as {@link Dataset}s whose samples are the 784 pixels
 * of an image in row-major order scaled to [0, 1] ({@code p / 255f}, as Keras users write
 * {@code x_train / 255}) and whose targets are one-element rows {@code {class id}} (Keras
 * {@code load_data()} labels; use {@link Preprocessing#oneHot(float[][], int)} for one-hot rows).
 *
 * <p>A subset ships inside kerac-runtime, so examples and tests run anywhere: the first 10,000 training
 * images and the first 2,000 test images ({@link #embedded()}). The full set is read from a directory
 * holding the four standard files ({@link #load(Path)}), e.g. the Debian package
 * {@code dataset-fashion-mnist} ({@link #systemDirectory()}).
 *
 * <pre>{@code
 * Dataset[] data = FashionMnist.loadDefault();   // full set if installed, else the embedded subset
 * Dataset train = data[0], test = data[1];
 * float[][] yTrain = Preprocessing.oneHot(train.y(), FashionMnist.CLASSES);
 * System.out.println(FashionMnist.CLASS_NAMES.get((int) test.y()[0][0]));   // "Ankle boot"
 * }</pre>
 */
public final class FashionMnist {
  /** Number of classes. */
  public static final int CLASSES = 10;
  /** Image height and width. */
  public static final int SIDE = 28;
  /** The class names, by class id. */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** Standard file names, without the optional {@code .gz}. */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
  public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  /** Size of the embedded subset: training and test images. */
  public static final int EMBEDDED_TRAIN = 10_000;
  public static final int EMBEDDED_TEST = 2_000;

  private static final String RESOURCES = "fashion-mnist/";

  private FashionMnist() {}

  /**
   * Reads {@code {train, test}} from {@code dir}, which holds the four standard files, each either
   * gzip-compressed ({@code .gz}, preferred when both exist) or raw.
   *
   * @throws FileNotFoundException naming the file and the names tried, if one is missing
   * @throws FileFormatException if a file is damaged or image and label counts differ
   */
  public static Dataset[] load(Path dir) throws IOException {
    return new Dataset[] {
      Idx.readDataset(find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS), true, Integer.MAX_VALUE),
      Idx.readDataset(find(dir, TEST_IMAGES), find(dir, TEST_LABELS), true, Integer.MAX_VALUE)
    };
  }

  private static Path find(Path dir, String name) throws FileNotFoundException {
    Path gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = dir.resolve(name);
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    throw new FileNotFoundException("Fashion-MNIST file " + name + " not found in " + dir
        + " (tried " + gz.getFileName() + " and " + raw.getFileName() + ")");
  }

  /**
   * {@link #SYSTEM_DIRECTORY} if it exists (install the Debian package {@code dataset-fashion-mnist}),
   * else empty.
   */
  public static Optional<Path> systemDirectory() {
    return Files.isDirectory(SYSTEM_DIRECTORY) ? Optional.of(SYSTEM_DIRECTORY) : Optional.empty();
  }

  /**
   * The subset embedded in kerac-runtime: the first {@value #EMBEDDED_TRAIN} training images and the
   * first {@value #EMBEDDED_TEST} test images of Fashion-MNIST, unchanged, with their labels.
   */
  public static Dataset[] embedded() throws IOException {
    return new Dataset[] {
      resource(TRAIN_IMAGES, TRAIN_LABELS), resource(TEST_IMAGES, TEST_LABELS)
    };
  }

  /** The full set from {@link #systemDirectory()} when installed, else {@link #embedded()}. */
  public static Dataset[] loadDefault() throws IOException {
    Optional<Path> dir = systemDirectory();
    return dir.isPresent() ? load(dir.get()) : embedded();
  }

  private static Dataset resource(String images, String labels) throws IOException {
    float[][] x;
    int[] y;
    try (InputStream in = open(images)) {
      x = Idx.readImages(in, "embedded " + images + ".gz", true, Integer.MAX_VALUE);
    }
    try (InputStream in = open(labels)) {
      y = Idx.readLabels(in, "embedded " + labels + ".gz", Integer.MAX_VALUE);
    }
    if (x.length != y.length) {
      throw new FileFormatException("embedded Fashion-MNIST: " + x.length + " images but "
          + y.length + " labels in " + images + " / " + labels);
    }
    return Dataset.of(x, y);
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = FashionMnist.class.getResourceAsStream(RESOURCES + name + ".gz");
    if (in == null) {
      throw new FileNotFoundException("embedded Fashion-MNIST resource " + RESOURCES + name
          + ".gz is missing from the class path (kerac-runtime jar)");
    }
    return in;
  }
}
