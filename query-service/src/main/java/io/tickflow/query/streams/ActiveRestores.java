package io.tickflow.query.streams;

/** The restorations of this instance's active stores, as Kafka Streams' restore listener reports them. */
public interface ActiveRestores {

  /** Whether an active store is restoring now. */
  boolean any();

  /** Restorations started, ended or suspended so far: the same before and after a read, none began or ended in it. */
  long events();
}
