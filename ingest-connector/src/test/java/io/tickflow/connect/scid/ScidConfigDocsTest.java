package io.tickflow.connect.scid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScidConfigDocsTest {

  @Test
  void shouldFindDocsConnectorsUpToDateWithTheConfigDef() throws Exception {
    final Path file = Path.of("../docs/connectors.md");
    final String doc = Files.readString(file);
    if (Boolean.getBoolean("scid.docs.update")) {
      Files.writeString(file, ScidConfigDocs.render(doc));
      return;
    }
    assertThat(ScidConfigDocs.render(doc))
        .as("docs/connectors.md is stale: rerun this test with -Dscid.docs.update=true")
        .isEqualTo(doc);
  }

  @Test
  void shouldDocumentEveryUserKeyOnce() {
    final String table = ScidConfigDocs.table();
    for (final String key : ScidSourceConnectorConfig.CONFIG_DEF.names()) {
      assertThat(table).containsOnlyOnce("| `" + key + "` |");
    }
    assertThat(table).doesNotContain("task.index");
  }
}
