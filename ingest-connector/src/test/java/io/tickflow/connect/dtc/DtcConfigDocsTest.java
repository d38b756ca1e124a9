package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DtcConfigDocsTest {

  @Test
  void shouldFindDocsConnectorsUpToDateWithTheConfigDef() throws Exception {
    final Path file = Path.of("../docs/connectors.md");
    final String doc = Files.readString(file);
    if (Boolean.getBoolean("dtc.docs.update")) {
      Files.writeString(file, DtcConfigDocs.render(doc));
      return;
    }
    assertThat(DtcConfigDocs.render(doc))
        .as("docs/connectors.md is stale: rerun this test with -Ddtc.docs.update=true")
        .isEqualTo(doc);
  }

  @Test
  void shouldDocumentEveryKeyOnceAndHideThePasswordDefault() {
    final String table = DtcConfigDocs.table();
    for (final String key : DtcSourceConnectorConfig.CONFIG_DEF.names()) {
      assertThat(table).containsOnlyOnce("| `" + key + "` |");
    }
    assertThat(table).contains("| `dtc.password` | password | (hidden) |");
  }
}
