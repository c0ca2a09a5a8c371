package dev.kerac.runtime.io;

import java.io.IOException;

/**
 * A file that cannot be read as what it claims to be: bad magic bytes, truncated data, a value that does
 * not parse, counts that disagree. The message names the file and, where it helps, the line, column or
 * byte offset, what was expected and what was found.
 *
 * <pre>{@code
 * try {
 *   float[][] images = Idx.readImages(path, true);
 * } catch (FileFormatException e) {
 *   System.err.println(e.getMessage());   // "train-images.gz: expected 47040000 pixel bytes ..."
 * }
 * }</pre>
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public FileFormatException(String message) {
    super(message);
  }

  public FileFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
