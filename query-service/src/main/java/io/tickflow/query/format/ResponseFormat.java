package io.tickflow.query.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.QuotedQualityCSV;

/**
 * The representations the REST API serves. Chosen by {@code ?format=} when given, else by the {@code Accept}
 * header, else JSON.
 */
public enum ResponseFormat {
  JSON("json", "application/json"),
  CSV("csv", "text/csv"),
  TOON("toon", "text/toon");

  private final String label;
  private final String mediaType;

  ResponseFormat(String label, String mediaType) {
    this.label = label;
    this.mediaType = mediaType;
  }

  public String label() {
    return label;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The {@code ?format=} label's format, if it names one. */
  public static Optional<ResponseFormat> byLabel(String label) {
    String wanted = label.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(format -> format.label.equals(wanted)).findFirst();
  }

  /**
   * The format the {@code Accept} header prefers: its media ranges by quality, highest first (Jetty's parser: ties
   * keep their order, {@code q=0} means "not this"), the first that names a format; JSON when none does.
   */
  public static ResponseFormat fromAccept(String accept) {
    if (accept == null) {
      return JSON;
    }
    QuotedQualityCSV ranges = new QuotedQualityCSV();
    ranges.addValue(accept);
    for (String range : ranges.getValues()) {
      String mediaType = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
      for (ResponseFormat format : values()) {
        if (format.mediaType.equals(mediaType)) {
          return format;
        }
      }
    }
    return JSON;
  }

  /** The allowed {@code ?format=} labels, comma-separated. */
  public static String allowedLabels() {
    return Arrays.stream(values()).map(ResponseFormat::label).collect(Collectors.joining(", "));
  }
}
