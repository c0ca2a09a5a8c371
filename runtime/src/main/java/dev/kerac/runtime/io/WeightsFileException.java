package dev.kerac.runtime.io;

/**
 * A weight file that cannot be loaded into the given model: the file is damaged or of another format
 * ({@link Kind#BAD_MAGIC}, {@link Kind#UNSUPPORTED_VERSION}, {@link Kind#TRUNCATED},
 * {@link Kind#CHECKSUM}, {@link Kind#CORRUPT}) or it does not fit the model ({@link Kind#FINGERPRINT},
 * {@link Kind#MISSING_TENSOR}, {@link Kind#UNEXPECTED_TENSOR}, {@link Kind#SHAPE}). When this is thrown
 * by {@link WeightsFile#load}, no target has been modified.
 *
 * <pre>{@code
 * try {
 *   WeightsFile.load(path, net.fingerprint(), WeightsFile.tensors(net.parameters()));
 * } catch (WeightsFileException e) {
 *   if (e.kind() == WeightsFileException.Kind.FINGERPRINT) { ... }   // saved from another architecture
 * }
 * }</pre>
 */
public final class WeightsFileException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Kind {
    /** The file does not start with the kerac weights magic bytes: not a kerac weight file. */
    BAD_MAGIC,
    /** A format version this reader does not know (written by a newer kerac?). */
    UNSUPPORTED_VERSION,
    /** The file is shorter than its header declares (an interrupted copy or download). */
    TRUNCATED,
    /** The stored CRC-32 does not match the content: bytes were changed. */
    CHECKSUM,
    /** The checksum matches but the structure is invalid, or bytes follow the declared end. */
    CORRUPT,
    /** The file was saved from a model with another architecture fingerprint. */
    FINGERPRINT,
    /** A tensor the model needs is not in the file. */
    MISSING_TENSOR,
    /** The file holds a tensor the model does not have. */
    UNEXPECTED_TENSOR,
    /** A tensor's shape in the file differs from the model's. */
    SHAPE
  }

  private final Kind kind;

  public WeightsFileException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** The category of the problem; the message has the details. */
  public Kind kind() {
    return kind;
  }
}
