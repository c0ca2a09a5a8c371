package dev.kerac.processor.diagnostics;

import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * Collects the problems of one model and prints each on the most precise place known: the annotation
 * value when it was written explicitly, else the annotation, else the element. A stage reports all it
 * finds; the pipeline stops for the model when the report is not clean.
 */
public final class Report {
  private final Messager messager;
  private int errors;

  public Report(Messager messager) {
    this.messager = messager;
  }

  /** A report that prints nothing: for re-reading values already checked. */
  public static Report silent() {
    return new Report(null);
  }

  public boolean clean() {
    return errors == 0;
  }

  public void error(Element element, Message message, Object... args) {
    errors++;
    if (messager == null) {
      return;
    }
    messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element);
  }

  public void error(Element element, AnnotationMirror annotation, Message message, Object... args) {
    errors++;
    if (messager == null) {
      return;
    }
    messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation);
  }

  /** An error on {@code attribute} of {@code annotation} (falls back to the annotation when defaulted). */
  public void error(
      Element element, AnnotationMirror annotation, String attribute, Message message, Object... args) {
    errors++;
    if (messager == null) {
      return;
    }
    AnnotationValue value = explicitValue(annotation, attribute);
    if (value != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation, value);
    } else if (annotation != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element);
    }
  }

  private static AnnotationValue explicitValue(AnnotationMirror annotation, String attribute) {
    if (annotation == null || attribute == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    return null;
  }
}
