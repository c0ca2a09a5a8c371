package dev.kerac.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.ModelGenerator;
import dev.kerac.processor.model.ModelSpec;
import dev.kerac.processor.read.SequentialReader;
import dev.kerac.processor.validate.ShapeInference;
import java.io.IOException;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The kerac annotation processor: for each {@code @Sequential} class, read → validate/infer shapes →
 * plan → generate {@code Kerac_<Name>}. Each model stops at its first stage with errors; other models
 * still compile. Nothing escapes {@link #process}: an unexpected failure becomes a compile error on
 * the model class.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes(KeracProcessor.SEQUENTIAL)
public final class KeracProcessor extends AbstractProcessor {
  static final String SEQUENTIAL = "dev.kerac.annotations.Sequential";

  private final Consumer<TypeElement> beforeGenerate;

  public KeracProcessor() {
    this(model -> {});
  }

  /** For tests: {@code beforeGenerate} runs on each valid model just before its code is written. */
  public KeracProcessor(Consumer<TypeElement> beforeGenerate) {
    this.beforeGenerate = beforeGenerate;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement sequential = processingEnv.getElementUtils().getTypeElement(SEQUENTIAL);
    if (sequential == null) {
      return false;
    }
    for (Element e : round.getElementsAnnotatedWith(sequential)) {
      try {
        processModel((TypeElement) e, mirror(e, SEQUENTIAL));
      } catch (RuntimeException | StackOverflowError | AssertionError failure) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            Message.INTERNAL.format(failure.toString()), e);
      }
    }
    return false;
  }

  private void processModel(TypeElement type, AnnotationMirror annotation) throws RuntimeException {
    Report report = new Report(processingEnv.getMessager());
    ModelSpec model = new SequentialReader(processingEnv.getElementUtils()).read(type, annotation, report);
    if (model == null || !ShapeInference.infer(model, report)) {
      return;
    }
    beforeGenerate.accept(type);
    JavaFile file = ModelGenerator.generate(model, ModelGenerator.packageOf(type));
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException io) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
          "[kerac.io] could not write " + ModelGenerator.generatedName(type) + ": " + io.getMessage(), type);
    }
  }

  private static AnnotationMirror mirror(Element e, String annotation) {
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
        return m;
      }
    }
    return null;
  }
}
