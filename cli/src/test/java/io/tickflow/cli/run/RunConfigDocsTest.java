package io.tickflow.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's run table matches RunConfig; {@code -Ddocs.update=true} rewrites it. */
class RunConfigDocsTest {

  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void shouldDocumentEveryRunKeyAsDeclared() throws Exception {
    String document = Files.readString(DOC, StandardCharsets.UTF_8);
    String rendered = RunConfigDocs.render(document);
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
      document = rendered;
    }
    assertThat(document).as("docs/configuration.md is stale: run the test with -Ddocs.update=true")
        .isEqualTo(rendered);
  }
}
