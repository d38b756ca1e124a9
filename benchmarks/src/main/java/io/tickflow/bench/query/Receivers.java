package io.tickflow.bench.query;

/** The receiving end of the fan-out harness, in the harness's JVM ({@link ClientSide}) or apart ({@link ClientProcess}). */
interface Receivers extends AutoCloseable {

  void startMeasuring() throws Exception;

  /** Ends the measured phase, prints what was received; returns the live bar updates the clients got meanwhile. */
  long stopAndPrint(double seconds) throws Exception;
}
