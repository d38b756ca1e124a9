package io.tickflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the harness in a child JVM on the harness's own class path and Java. */
public final class ChildJvm {

  private ChildJvm() {
  }

  /**
   * Starts {@code main} with {@code heap} (a JVM -Xmx value), the given system properties ({@code -Dkey=value}) and
   * arguments; its standard error goes to the harness's, its standard input and output are the caller's to use.
   */
  public static Process start(String heap, List<String> properties, Class<?> main, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    properties.forEach(property -> command.add("-D" + property));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
