package io.tickflow.query.routing;

/**
 * Kafka Streams knows no store of this name ({@code queryMetadataForKey} answered null): the query service and the
 * Streams app disagree on the topology. Answered with 404, as the style of the project asks, and logged.
 */
public final class UnknownStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnknownStoreException(String store) {
    super("The Streams app has no store '" + store + "'");
  }
}
