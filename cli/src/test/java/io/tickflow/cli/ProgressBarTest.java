package io.tickflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Off a terminal the bar prints a line per tenth, and its final line once. */
class ProgressBarTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void shouldPrintTheLastLineOnceWhenTheOutputIsNotATerminal() {
    ProgressBar bar = new ProgressBar(out, false, "ES.scid");
    for (long done = 50; done <= 200; done += 50) {
      bar.update(done, 200);
    }

    bar.done(200, 200);

    assertThat(lines()).hasSize(4).filteredOn(line -> line.contains("200/200 records")).hasSize(1);
  }

  @Test
  void shouldPrintTheFinalCountsWhenTheyDifferFromTheLastLine() {
    ProgressBar bar = new ProgressBar(out, false, "ES.scid");
    bar.update(100, 200);

    bar.done(150, 150);

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1)).contains("100% 150/150 records");
  }

  @Test
  void shouldEndTheRedrawnLineWithTheFinalCountsWhenTheOutputIsATerminal() {
    ProgressBar bar = new ProgressBar(out, true, "ES.scid");
    bar.update(200, 200);

    bar.done(200, 200);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith(System.lineSeparator())
        .contains("\r").containsOnlyOnce(System.lineSeparator());
  }

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
