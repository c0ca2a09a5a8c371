package dev.kerac.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kerac.processor.KeracProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of invalid models: each is a javac error (never a crash) on the offending annotation
 * value or element, in words a Keras user understands.
 */
class InvalidModelTest {
  private static final String IMPORTS = """
      package test;
      import dev.kerac.annotations.*;
      import dev.kerac.annotations.layers.core.*;
      import dev.kerac.annotations.layers.activations.*;
      import dev.kerac.annotations.layers.regularization.*;
      import dev.kerac.annotations.layers.reshaping.*;
      import dev.kerac.annotations.layers.normalization.*;
      import dev.kerac.annotations.layers.pooling.*;
      import dev.kerac.annotations.layers.convolution.*;
      import dev.kerac.annotations.layers.augmentation.*;
      """;

  private static JavaFileObject source(String body) {
    return JavaFileObjects.forSourceString("test.Bad", IMPORTS + body);
  }

  private static Compilation compile(String body) {
    return javac().withProcessors(new KeracProcessor()).compile(source(body));
  }

  private static void assertError(String body, String message, String line) {
    Compilation c = compile(body);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(message).inFile(source(body)).onLineContaining(line);
  }

  @Test
  void unitsZero() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 0) Layer hidden;
        }
        """, "[kerac.value] Dense.units must be positive; got 0", "units = 0");
  }

  @Test
  void unitsNegativeOnSecondLayer() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 8) Layer hidden;
          @Dense(
              units = -3) Layer out;
        }
        """, "Dense.units must be positive; got -3", "units = -3");
  }

  @Test
  void dropoutRateOne() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dropout(rate = 1.0) Layer drop;
        }
        """, "Dropout.rate must be in [0, 1); got 1.0", "rate = 1.0");
  }

  @Test
  void dropoutRateNegative() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dropout(rate = -0.1) Layer drop;
        }
        """, "Dropout.rate must be in [0, 1); got -0.1", "rate = -0.1");
  }

  @Test
  void reshapeElementCountDiffers() {
    assertError("""
        @Sequential(input = @Input(shape = 12))
        abstract class Bad {
          @Reshape(targetShape = {3, 5}) Layer r;
        }
        """, "Reshape 'r' cannot reshape (12) (12 elements) to (3, 5) (15 elements)", "targetShape = {3, 5}");
  }

  @Test
  void reshapeTwoUnknownDimensions() {
    assertError("""
        @Sequential(input = @Input(shape = 12))
        abstract class Bad {
          @Reshape(targetShape = {-1, -1}) Layer r;
        }
        """, "at most one dimension may be -1", "targetShape = {-1, -1}");
  }

  @Test
  void noLayers() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          int notALayer;
        }
        """, "[kerac.model] @Sequential class Bad has no layers", "abstract class Bad");
  }

  @Test
  void noInputShape() {
    assertError("""
        @Sequential(input = @Input(shape = {}))
        abstract class Bad {
          @Dense(units = 2) Layer out;
        }
        """, "@Input needs a shape", "@Sequential(input = @Input(shape = {}))");
  }

  @Test
  void inputDimensionZero() {
    assertError("""
        @Sequential(input = @Input(shape = {28, 0}))
        abstract class Bad {
          @Dense(units = 2) Layer out;
        }
        """, "@Input shape dimensions must be positive; got [28, 0]", "shape = {28, 0}");
  }

  @Test
  void classNotAbstract() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        class Bad {
          @Dense(units = 2) Layer out;
        }
        """, "@Sequential class Bad must be abstract", "class Bad");
  }

  @Test
  void finalClass() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        final class Bad {
          @Dense(units = 2) Layer out;
        }
        """, "@Sequential class Bad must not be final", "final class Bad");
  }

  @Test
  void genericClass() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad<T> {
          @Dense(units = 2) Layer out;
        }
        """, "must not have type parameters", "abstract class Bad<T>");
  }

  @Test
  void nestedNonStaticClass() {
    assertError("""
        class Bad {
          @Sequential(input = @Input(shape = 4))
          abstract class Inner {
            @Dense(units = 2) Layer out;
          }
        }
        """, "Inner is an inner class; make it 'static'", "abstract class Inner");
  }

  @Test
  void twoLayerAnnotationsOnOneField() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 2) @Dropout(rate = 0.1) Layer both;
        }
        """, "field both has two layer annotations (@Dense and @Dropout)", "Layer both");
  }

  @Test
  void duplicateNames() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 2, name = "dense") Layer first;
          @Dense(units = 2, name = "dense") Layer second;
        }
        """, "layer name 'dense' is used twice (also by field first)", "Layer second");
  }

  @Test
  void invalidName() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 2, name = "my layer") Layer first;
        }
        """, "layer name 'my layer' is not valid", "name = \"my layer\"");
  }

  @Test
  void reservedName() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 2) Layer optimizer;
        }
        """, "layer name 'optimizer' is reserved", "Layer optimizer");
  }

  @Test
  void layerFieldOfWrongType() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 2) String out;
        }
        """, "layer field out must have type dev.kerac.annotations.Layer; got java.lang.String", "String out");
  }

  @Test
  void privateLayerField() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 2) private Layer out;
        }
        """, "layer field out must not be private", "private Layer out");
  }

  @Test
  void activationArgumentTheFunctionDoesNotTake() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Activation(value = Activations.TANH, alpha = 2) Layer act;
        }
        """, "@Activation(tanh) takes no argument 'alpha'", "alpha = 2");
  }

  @Test
  void thresholdNeedsItsArguments() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Activation(value = Activations.THRESHOLD) Layer act;
        }
        """, "@Activation(threshold) needs 'threshold'", "Activations.THRESHOLD");
  }

  @Test
  void negativeReluMaxValue() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @ReLU(maxValue = -1) Layer act;
        }
        """, "ReLU.maxValue must be >= 0; got -1.0", "maxValue = -1");
  }

  @Test
  void preluSharedAxisOutOfRange() {
    assertError("""
        @Sequential(input = @Input(shape = {3, 4}))
        abstract class Bad {
          @PReLU(sharedAxes = {3}) Layer act;
        }
        """, "PReLU 'act' sharedAxes [3]: each axis must be in [1, 2]", "sharedAxes = {3}");
  }

  @Test
  void negativeRegularizer() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 2, kernelRegularizer = @Regularizer(l2 = -0.1)) Layer out;
        }
        """, "Dense.kernelRegularizer.l2 must be >= 0; got -0.1", "l2 = -0.1");
  }

  @Test
  void gluOnOddUnits() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 3, activation = Activations.GLU) Layer out;
        }
        """, "glu halves the last axis, which must be even; got 3", "Activations.GLU");
  }

  @Test
  void allProblemsOfAModelAreReported() {
    Compilation c = compile("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 0) Layer a;
          @Dropout(rate = 2) Layer b;
        }
        """);
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void otherModelsStillCompileWhenOneIsInvalid() {
    JavaFileObject good = JavaFileObjects.forSourceString("test.Good", IMPORTS + """
        @Sequential(input = @Input(shape = 4))
        abstract class Good {
          @Dense(units = 2) Layer out;
        }
        """);
    JavaFileObject bad = source("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 0) Layer out;
        }
        """);
    // Uses the class generated for Good: it would not compile if Good's generation had stopped too.
    JavaFileObject user = JavaFileObjects.forSourceString("test.User", IMPORTS + """
        class User {
          Object model = new Kerac_Good();
        }
        """);
    Compilation c = javac().withProcessors(new KeracProcessor()).compile(good, bad, user);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("Dense.units must be positive").inFile(bad);
  }

  @Test
  void internalFailureBecomesAnErrorOnTheModel() {
    String body = """
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 2) Layer out;
        }
        """;
    Compilation c = javac()
        .withProcessors(new KeracProcessor(model -> {
          throw new IllegalStateException("simulated bug");
        }))
        .compile(source(body));
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[kerac.internal] kerac failed on this model "
            + "(java.lang.IllegalStateException: simulated bug)")
        .inFile(source(body)).onLineContaining("abstract class Bad");
  }

  // ---- Normalization

  @Test
  void batchNormalizationMomentumAboveOne() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @BatchNormalization(momentum = 1.5) Layer bn;
        }
        """, "[kerac.value] BatchNormalization.momentum must be in [0, 1]; got 1.5", "momentum = 1.5");
  }

  @Test
  void batchNormalizationMomentumNegative() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @Dense(units = 3) Layer hidden;
          @BatchNormalization(
              momentum = -0.01) Layer bn;
        }
        """, "BatchNormalization.momentum must be in [0, 1]; got -0.01", "momentum = -0.01");
  }

  @Test
  void batchNormalizationMomentumNaN() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @BatchNormalization(momentum = Double.NaN) Layer bn;
        }
        """, "BatchNormalization.momentum must be in [0, 1]; got NaN", "momentum = Double.NaN");
  }

  @Test
  void batchNormalizationEpsilonZero() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @BatchNormalization(epsilon = 0) Layer bn;
        }
        """, "[kerac.value] BatchNormalization.epsilon must be positive; got 0.0", "epsilon = 0");
  }

  @Test
  void batchNormalizationEpsilonInfinite() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @BatchNormalization(epsilon = Double.POSITIVE_INFINITY) Layer bn;
        }
        """, "BatchNormalization.epsilon must be a finite number; got Infinity", "epsilon = Double.POSITIVE_INFINITY");
  }

  @Test
  void layerNormalizationEpsilonNegative() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @LayerNormalization(epsilon = -1e-3) Layer ln;
        }
        """, "LayerNormalization.epsilon must be positive; got -0.001", "epsilon = -1e-3");
  }

  @Test
  void batchNormalizationAxisNotLast() {
    assertError("""
        @Sequential(input = @Input(shape = {4, 4, 3}))
        abstract class Bad {
          @BatchNormalization(axis = 1) Layer bn;
        }
        """, "[kerac.value] BatchNormalization 'bn' axis 1: only the last axis (-1 or 3) is supported "
            + "for input (4, 4, 3)", "axis = 1");
  }

  @Test
  void layerNormalizationAxisNotLast() {
    assertError("""
        @Sequential(input = @Input(shape = {5, 6}))
        abstract class Bad {
          @LayerNormalization(axis = -2, name = "norm") Layer ln;
        }
        """, "LayerNormalization 'norm' axis -2: only the last axis (-1 or 2) is supported for input (5, 6)",
        "axis = -2");
  }

  @Test
  void batchNormalizationNegativeRegularizer() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @BatchNormalization(gammaRegularizer = @Regularizer(l2 = -1)) Layer bn;
        }
        """, "BatchNormalization.gammaRegularizer.l2 must be >= 0; got -1.0", "l2 = -1");
  }

  @Test
  void layerNormalizationNegativeRegularizer() {
    assertError("""
        @Sequential(input = @Input(shape = 4))
        abstract class Bad {
          @LayerNormalization(betaRegularizer = @Regularizer(l1 = -0.5)) Layer ln;
        }
        """, "LayerNormalization.betaRegularizer.l1 must be >= 0; got -0.5", "l1 = -0.5");
  }

  // Pooling and reshaping (helper/pooling).

  private static void assertLayerError(String input, String layer, String message, String line) {
    assertError("@Sequential(input = @Input(shape = " + input + "))\nabstract class Bad {\n  "
        + layer + "\n}\n", message, line);
  }

  @Test
  void maxPooling2dNeedsAnImage() {
    assertLayerError("784", "@MaxPooling2D Layer pool;",
        "[kerac.shape] MaxPooling2D 'pool' expects input of rank 3 (height, width, channels) but gets (784); "
            + "add @Reshape(targetShape = {height, width, channels}) before it", "@MaxPooling2D Layer pool;");
  }

  @Test
  void maxPooling1dNeedsSteps() {
    assertLayerError("{4, 4, 2}", "@MaxPooling1D Layer pool;",
        "MaxPooling1D 'pool' expects input of rank 2 (steps, channels) but gets (4, 4, 2)", "@MaxPooling1D");
  }

  @Test
  void poolSizeZero() {
    assertLayerError("{8, 8, 1}", "@MaxPooling2D(poolSize = {2, 0}) Layer pool;",
        "[kerac.value] MaxPooling2D.poolSize values must be positive; got [2, 0]", "poolSize = {2, 0}");
  }

  @Test
  void stridesNegative() {
    assertLayerError("{8, 1}", "@AveragePooling1D(poolSize = 2,\n      strides = -1) Layer pool;",
        "AveragePooling1D.strides values must be positive; got [-1]", "strides = -1");
  }

  @Test
  void poolSizeOfWrongLength() {
    assertLayerError("{8, 8, 1}", "@MaxPooling2D(poolSize = {2, 2, 2}) Layer pool;",
        "MaxPooling2D.poolSize takes one value (for every spatial axis) or 2 (one per axis: height, width); "
            + "got [2, 2, 2]", "poolSize = {2, 2, 2}");
  }

  @Test
  void poolLargerThanInputWithValid() {
    assertLayerError("{3, 8, 1}", "@AveragePooling2D(poolSize = 4) Layer pool;",
        "[kerac.shape] AveragePooling2D 'pool': poolSize [4, 4] is larger than the input (3, 8, 1) along height "
            + "(4 > 3), so padding VALID leaves no window", "poolSize = 4");
  }

  @Test
  void causalPooling() {
    assertLayerError("{8, 2}", "@MaxPooling1D(padding = Padding.CAUSAL) Layer pool;",
        "MaxPooling1D.padding must be VALID or SAME; got CAUSAL", "padding = Padding.CAUSAL");
  }

  @Test
  void globalPooling2dOnASequence() {
    assertLayerError("{5, 3}", "@GlobalAveragePooling2D Layer gap;",
        "GlobalAveragePooling2D 'gap' expects input of rank 3 (height, width, channels) but gets (5, 3)",
        "@GlobalAveragePooling2D");
  }

  @Test
  void zeroPaddingOfThreeValues() {
    assertLayerError("{4, 4, 1}", "@ZeroPadding2D(padding = {1, 2, 3}) Layer pad;",
        "ZeroPadding2D.padding takes 1 value (every side), 2 ({rows, columns}) or 4 ({top, bottom, left, right}); "
            + "got [1, 2, 3]", "padding = {1, 2, 3}");
  }

  @Test
  void zeroPaddingNegative() {
    assertLayerError("{4, 4, 1}", "@ZeroPadding2D(padding = {1, -1}) Layer pad;",
        "ZeroPadding2D.padding values must be >= 0; got [1, -1]", "padding = {1, -1}");
  }

  @Test
  void croppingRemovesEverything() {
    assertLayerError("{4, 6, 1}", "@Cropping2D(cropping = {2, 3, 0, 0}) Layer crop;",
        "[kerac.shape] Cropping2D 'crop' crops 5 of 4 rows (top 2 + bottom 3) from input (4, 6, 1), leaving nothing",
        "cropping = {2, 3, 0, 0}");
  }

  @Test
  void croppingRemovesAllColumns() {
    assertLayerError("{4, 6, 1}", "@Cropping2D(cropping = {0, 3}) Layer crop;",
        "Cropping2D 'crop' crops 6 of 6 columns (left 3 + right 3)", "cropping = {0, 3}");
  }

  @Test
  void randomFlipNeedsImages() {
    assertLayerError("{8}", "@RandomFlip Layer flip;",
        "[kerac.shape] RandomFlip 'flip' expects input of rank 3 (height, width, channels) but gets (8)",
        "@RandomFlip");
  }

  @Test
  void translationFactorBeyondOne() {
    assertLayerError("{8, 8, 1}", "@RandomTranslation(heightFactor = 0.1, widthFactor = {0.5, -0.5}) Layer shift;",
        "[kerac.value] RandomTranslation.widthFactor takes f (for [-f, f]) or {low, high} with -1 <= low <= high <= 1;"
            + " got [0.5, -0.5]", "widthFactor = {0.5, -0.5}");
  }

  @Test
  void upSamplingSizeZero() {
    assertLayerError("{4, 4, 1}", "@UpSampling2D(size = 0) Layer up;",
        "UpSampling2D.size values must be positive; got [0]", "size = 0");
  }

  @Test
  void permuteDimsNotAPermutation() {
    assertLayerError("{2, 3}", "@Permute(dims = {1, 1}) Layer p;",
        "[kerac.value] Permute.dims must be a permutation of 1..2 (axes counted from 1, batch excluded); got [1, 1]",
        "dims = {1, 1}");
  }

  @Test
  void permuteDimsZeroBased() {
    assertLayerError("{2, 3}", "@Permute(dims = {0, 1}) Layer p;",
        "Permute.dims must be a permutation of 1..2", "dims = {0, 1}");
  }

  @Test
  void permuteOfTheWrongRank() {
    assertLayerError("{2, 3, 4}", "@Permute(dims = {2, 1}) Layer p;",
        "Permute 'p' dims [2, 1] reorder 2 axes but the input (2, 3, 4) has 3", "dims = {2, 1}");
  }

  @Test
  void repeatVectorNeedsAVector() {
    assertLayerError("{2, 3}", "@RepeatVector(n = 2) Layer r;",
        "RepeatVector 'r' expects input of rank 1 (features) but gets (2, 3); add @Flatten before it", "@RepeatVector");
  }

  @Test
  void repeatVectorZeroCopies() {
    assertLayerError("{3}", "@RepeatVector(n = 0) Layer r;", "RepeatVector.n must be positive; got 0", "n = 0");
  }

  // ---------------------------------------------------------------- convolution family

  @Test
  void convFiltersZero() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 8, 1}))
        abstract class Bad {
          @Conv2D(filters = 0, kernelSize = 3) Layer conv;
        }
        """, "[kerac.value] Conv2D.filters must be positive; got 0", "filters = 0");
  }

  @Test
  void convKernelSizeNotPositive() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 8, 1}))
        abstract class Bad {
          @Conv2D(filters = 4,
              kernelSize = {3, -1}) Layer conv;
        }
        """, "Conv2D.kernelSize must be positive; got [3, -1]", "kernelSize = {3, -1}");
  }

  @Test
  void convKernelSizeWithTooManyValues() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 8, 1}))
        abstract class Bad {
          @Conv2D(filters = 4,
              kernelSize = {3, 3, 3}) Layer conv;
        }
        """, "Conv2D.kernelSize takes 1 value (used for every spatial dimension) or 2 (one per dimension); "
        + "got [3, 3, 3]", "kernelSize = {3, 3, 3}");
  }

  @Test
  void conv1dKernelSizeWithTwoValues() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 1}))
        abstract class Bad {
          @Conv1D(filters = 4,
              kernelSize = {3, 3}) Layer conv;
        }
        """, "Conv1D.kernelSize takes 1 value; got [3, 3]", "kernelSize = {3, 3}");
  }

  @Test
  void convStridesZero() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 1}))
        abstract class Bad {
          @Conv1D(filters = 4, kernelSize = 3,
              strides = 0) Layer conv;
        }
        """, "Conv1D.strides must be positive; got 0", "strides = 0");
  }

  @Test
  void convDilationZero() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 8, 1}))
        abstract class Bad {
          @DepthwiseConv2D(kernelSize = 3,
              dilationRate = {1, 0}) Layer conv;
        }
        """, "DepthwiseConv2D.dilationRate must be positive; got [1, 0]", "dilationRate = {1, 0}");
  }

  @Test
  void convStridesTogetherWithDilation() {
    assertError("""
        @Sequential(input = @Input(shape = {16, 16, 1}))
        abstract class Bad {
          @Conv2D(filters = 4, kernelSize = 3, strides = 2,
              dilationRate = 2) Layer conv;
        }
        """, "Conv2D: strides [2] together with dilationRate [2] is not supported", "dilationRate = 2");
  }

  @Test
  void convKernelLargerThanInputWithValidPadding() {
    assertError("""
        @Sequential(input = @Input(shape = {5, 9, 1}))
        abstract class Bad {
          @Conv2D(filters = 4,
              kernelSize = 7) Layer conv;
        }
        """, "Conv2D 'conv': the kernel height 7 (span 7 with dilation) is larger than the input height 5 of "
        + "(5, 9, 1) with padding VALID, so the output height would be 0; use padding = Padding.SAME",
        "kernelSize = 7");
  }

  @Test
  void convDilatedKernelLargerThanInput() {
    assertError("""
        @Sequential(input = @Input(shape = {6, 2}))
        abstract class Bad {
          @Conv1D(filters = 4,
              kernelSize = 3, dilationRate = 3) Layer conv;
        }
        """, "Conv1D 'conv': the kernel length 3 (span 7 with dilation) is larger than the input length 6 of "
        + "(6, 2) with padding VALID, so the output length would be 0", "kernelSize = 3");
  }

  @Test
  void causalPaddingOnlyForConv1D() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 8, 1}))
        abstract class Bad {
          @Conv2D(filters = 4, kernelSize = 3,
              padding = Padding.CAUSAL) Layer conv;
        }
        """, "Conv2D: padding = CAUSAL is only supported by Conv1D", "padding = Padding.CAUSAL");
  }

  @Test
  void conv2dOnFlatInput() {
    assertError("""
        @Sequential(input = @Input(shape = 784))
        abstract class Bad {
          @Dense(units = 784) Layer dense;
          @Conv2D(filters = 4, kernelSize = 3) Layer conv;
        }
        """, "[kerac.shape] Conv2D 'conv' expects input of rank 3 (height, width, channels) but gets (784); "
        + "reshape it first, e.g. @Reshape(targetShape = {28, 28, 1})", "@Conv2D(filters = 4");
  }

  @Test
  void conv2dWithoutChannelAxis() {
    assertError("""
        @Sequential(input = @Input(shape = {28, 28}))
        abstract class Bad {
          @Conv2D(filters = 4, kernelSize = 3) Layer conv;
        }
        """, "Conv2D 'conv' expects input of rank 3 (height, width, channels) but gets (28, 28); "
        + "add a channel axis first, e.g. @Reshape(targetShape = {28, 28, 1})", "@Conv2D(filters = 4");
  }

  @Test
  void conv1dOnImages() {
    assertError("""
        @Sequential(input = @Input(shape = {28, 28, 1}))
        abstract class Bad {
          @Conv1D(filters = 4, kernelSize = 3) Layer conv;
        }
        """, "Conv1D 'conv' expects input of rank 2 (steps, channels) but gets (28, 28, 1)", "@Conv1D(filters = 4");
  }

  @Test
  void convGroupsMustDivideChannelsAndFilters() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 8, 3}))
        abstract class Bad {
          @Conv2D(filters = 4, kernelSize = 3,
              groups = 2) Layer conv;
        }
        """, "Conv2D 'conv': groups = 2 must divide both the input channels (3) and filters (4)", "groups = 2");
  }

  @Test
  void transposeOutputPaddingNotBelowStride() {
    assertError("""
        @Sequential(input = @Input(shape = {4, 4, 2}))
        abstract class Bad {
          @Conv2DTranspose(filters = 4, kernelSize = 3, strides = 2,
              outputPadding = 2) Layer up;
        }
        """, "Conv2DTranspose.outputPadding [2] must be >= 0 and smaller than strides [2]", "outputPadding = 2");
  }

  @Test
  void depthMultiplierZero() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 8, 2}))
        abstract class Bad {
          @SeparableConv2D(filters = 4, kernelSize = 3,
              depthMultiplier = 0) Layer sep;
        }
        """, "SeparableConv2D.depthMultiplier must be positive; got 0", "depthMultiplier = 0");
  }

  @Test
  void convNegativeRegularizer() {
    assertError("""
        @Sequential(input = @Input(shape = {8, 8, 2}))
        abstract class Bad {
          @Conv2D(filters = 4, kernelSize = 3,
              kernelRegularizer = @Regularizer(l1 = -1)) Layer conv;
        }
        """, "Conv2D.kernelRegularizer.l1 must be >= 0; got -1.0", "l1 = -1");
  }

  @Test
  void denseAfterConvNeedsFlatten() {
    assertError("""
        @Sequential(input = @Input(shape = {28, 28, 1}))
        abstract class Bad {
          @Conv2D(filters = 8, kernelSize = 3) Layer conv;
          @Dense(units = 10) Layer out;
        }
        """, "[kerac.shape] Dense 'out' expects input of rank 1 (features) or 2 (steps, features) but 'conv' "
        + "produces (26, 26, 8); add @Flatten before it", "@Dense(units = 10) Layer out");
  }
}
