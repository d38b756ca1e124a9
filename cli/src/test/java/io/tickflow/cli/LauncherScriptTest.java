package io.tickflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code ./tickflow}, builds the jar only when sources changed. Run on a copy of the
 * checkout's layout with stand-ins for {@code mvn} (which, like Maven's jar plugin, leaves an existing jar alone:
 * the cli jar's content does not change when only another module's sources do) and {@code java}.
 */
class LauncherScriptTest {

  private static final Path SCRIPT = Path.of("..", "tickflow");
  private static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path checkout;

  @Test
  void shouldBuildOnceAfterAChangeInAnotherModule() throws Exception {
    Files.copy(SCRIPT, checkout.resolve("tickflow"));
    Path source = write(checkout.resolve("streams-app/src/main/java/A.java"), "class A {}");
    Path tools = tools();

    run(tools);
    Path jar = checkout.resolve("cli/target/tickflow.jar");
    Files.setLastModifiedTime(jar, FileTime.from(BUILT));
    Files.setLastModifiedTime(source, FileTime.from(BUILT.plusSeconds(60)));
    run(tools);
    run(tools);

    assertThat(Files.readAllLines(checkout.resolve("builds"))).hasSize(2);
  }

  private Path tools() throws IOException {
    Path bin = Files.createDirectories(checkout.resolve("bin"));
    executable(bin.resolve("mvn"), """
        #!/usr/bin/env bash
        echo build >> "%s"
        mkdir -p cli/target
        [ -f cli/target/tickflow.jar ] || echo jar > cli/target/tickflow.jar
        """.formatted(checkout.resolve("builds")));
    executable(bin.resolve("java"), "#!/usr/bin/env bash\nexit 0\n");
    return bin;
  }

  private void run(Path tools) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of("bash", checkout.resolve("tickflow").toString(), "--version"))
        .directory(checkout.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("PATH", tools + ":" + System.getenv("PATH"));
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static void executable(Path file, String content) throws IOException {
    write(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
