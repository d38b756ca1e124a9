package io.tickflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every {@code tickflow} command line the documents show, in backticks or in a code block, names a command that exists
 * and only options that command takes: a renamed option or command left a newcomer's first try failing. Synopses
 * ({@code tickflow scid dump FILE [--from T]}) and error messages quoted in the troubleshooting table are checked the
 * same way, by their option names; their values and placeholders are not parsed.
 */
class DocsCommandLinesTest {

  private static final Path ROOT = Path.of("..");
  /** Measurements, not instructions: other builds' command lines may be named there. */
  private static final String SKIPPED_DOC = "benchmarks.md";
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
  /** {@code tickflow}, {@code ./tickflow} or {@code ...tickflow.jar}, then the command's words and the rest. */
  private static final Pattern COMMAND_LINE = Pattern.compile(
      "(?:^|[\\s/])(?:tickflow|tickflow\\.jar)\\s+([a-z][a-z-]*)((?:\\s+[a-z][a-z-]*)?)(.*)");
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]*)");

  @Test
  void shouldNameOnlyCommandsAndOptionsThatExistWhenDocsShowATickflowCommandLine() throws IOException {
    List<String> wrong = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    for (Path document : documents()) {
      for (String line : commandLines(Files.readString(document))) {
        checked.add(line);
        check(line).ifPresent(problem -> wrong.add(ROOT.relativize(document) + ": `" + line + "`: " + problem));
      }
    }
    assertThat(wrong).isEmpty();
    // The getting-started commands at least, or the extraction found nothing and checked nothing.
    assertThat(checked).contains("./tickflow dtc-tail --port 11099 --symbols ESZ6 --max-messages 5");
  }

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md") && !path.endsWith(SKIPPED_DOC)).sorted()
          .forEach(documents::add);
    }
    return documents;
  }

  /**
   * The code-block lines and backticked spans that hold a {@code tickflow} command, whitespace collapsed. Fenced
   * blocks are taken first (they may hold backticks and blank lines); a span never runs past its paragraph.
   */
  static List<String> commandLines(String markdown) {
    List<String> found = new ArrayList<>();
    StringBuilder prose = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      } else if (fenced || line.startsWith("    ") && !line.contains("`")) {
        keepCommand(line, found);
        prose.append('\n');
      } else {
        prose.append(line).append('\n');
      }
    }
    for (String paragraph : prose.toString().split("\n\\s*\n")) {
      Matcher span = BACKTICKED.matcher(paragraph);
      while (span.find()) {
        keepCommand(span.group(1), found);
      }
    }
    return found;
  }

  private static void keepCommand(String text, List<String> found) {
    String line = text.replaceAll("\\s+", " ").strip();
    if (COMMAND_LINE.matcher(line).find()) {
      found.add(line);
    }
  }

  /** What is wrong with the command line, if anything. */
  static Optional<String> check(String line) {
    Matcher matcher = COMMAND_LINE.matcher(line);
    matcher.find();
    CommandLine command = TickflowCli.commandLine().getSubcommands().get(matcher.group(1));
    if (command == null) {
      return Optional.of("no command '" + matcher.group(1) + "'");
    }
    String rest = matcher.group(3);
    String word = matcher.group(2).strip();
    if (!word.isEmpty()) {
      CommandLine sub = command.getSubcommands().get(word);
      if (sub != null) {
        command = sub;
      } else if (!command.getSubcommands().isEmpty()) {
        return Optional.of("no command '" + matcher.group(1) + " " + word + "'");
      }
    }
    Matcher option = OPTION.matcher(rest);
    while (option.find()) {
      if (!takes(command, option.group(1))) {
        return Optional.of("'" + command.getCommandSpec().qualifiedName() + "' has no option "
            + option.group(1));
      }
    }
    return Optional.empty();
  }

  /** Whether the command takes the option; {@code -Dkey=value} is option {@code -D} with its value attached. */
  private static boolean takes(CommandLine command, String name) {
    Map<String, OptionSpec> options = command.getCommandSpec().optionsMap();
    return options.containsKey(name) || !name.startsWith("--") && options.containsKey(name.substring(0, 2));
  }
}
