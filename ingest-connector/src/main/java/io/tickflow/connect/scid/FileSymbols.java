package io.tickflow.connect.scid;

import io.tickflow.scid.SierraFileFormat;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The symbol Sierra Chart encodes in a file name: {@code ESM23-CME.scid} is ESM23-CME, and the per-day depth file
 * {@code ESM23-CME.2023-02-21.depth} is ESM23-CME too.
 */
final class FileSymbols {

  private static final Pattern DEPTH_DAY = Pattern.compile("\\.\\d{4}-\\d{2}-\\d{2}$");

  private FileSymbols() {
  }

  static String of(Path file) {
    final String name = file.getFileName().toString();
    final String stem = SierraFileFormat.ofFileName(file)
        .map(format -> name.substring(0, name.length() - format.extension().length()))
        .orElse(name);
    return DEPTH_DAY.matcher(stem).replaceFirst("");
  }
}
