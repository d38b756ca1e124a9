package io.tickflow.streams.integration;

import io.tickflow.streams.StreamsApp;
import java.io.IOException;

/**
 * {@link StreamsApp#main} in a child JVM of a test, which halts when the test's JVM goes: its standard input is the
 * parent's pipe, which reaches its end when the parent exits, however it exits. Why: a test JVM killed by a timeout
 * would otherwise leave its instances running on the shared machine, for good.
 */
final class ChildStreamsApp {

  private ChildStreamsApp() {
  }

  public static void main(String[] args) throws InterruptedException {
    Thread watchdog = new Thread(ChildStreamsApp::haltAtEndOfInput, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    StreamsApp.main(args);
  }

  private static void haltAtEndOfInput() {
    try {
      while (System.in.read() != -1) {
        // nothing is sent: only the end matters
      }
    } catch (IOException e) {
      // a broken pipe is the parent gone, too
    }
    Runtime.getRuntime().halt(1);
  }
}
