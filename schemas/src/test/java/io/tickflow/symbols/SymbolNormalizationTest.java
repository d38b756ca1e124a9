package io.tickflow.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SymbolNormalizationTest {

  private static final long MARCH_2026_MICROS = Instant.parse("2026-03-02T14:00:00Z").toEpochMilli() * 1_000L;

  @Test
  void shouldDeclareTheThreeKeysInTheGivenGroupAndOrderWhenDefined() {
    ConfigDef def = SymbolNormalization.define(new ConfigDef(), "Symbols", 3);

    assertThat(def.configKeys().values()).extracting(k -> k.name, k -> k.group, k -> k.orderInGroup)
        .containsExactly(
            tuple(SymbolNormalization.ALIASES_CONFIG, "Symbols", 3),
            tuple(SymbolNormalization.FUTURES_NORMALIZE_CONFIG, "Symbols", 4),
            tuple(SymbolNormalization.EXCHANGE_SUFFIXES_CONFIG, "Symbols", 5));
    ConfigKey suffixes = def.configKeys().get(SymbolNormalization.EXCHANGE_SUFFIXES_CONFIG);
    assertThat(suffixes.defaultValue).isEqualTo(List.of("CME", "CBOT", "NYMEX", "COMEX", "CBOE", "ICE", "EUREX"));
  }

  @Test
  void shouldNormalizeWithTheDefaultsWhenNoKeyIsSet() {
    SymbolNormalizer normalizer = SymbolNormalization.of(Map.of("unrelated.key", "x")).newNormalizer();

    assertThat(normalizer.normalize("ESZ6-CME", MARCH_2026_MICROS).symbol()).isEqualTo("ESZ26");
  }

  @Test
  void shouldParseAliasesAndSuffixesCaseInsensitivelyWhenSet() {
    SymbolNormalizer normalizer = SymbolNormalization.of(Map.of(SymbolNormalization.ALIASES_CONFIG,
        " emini-dec = esz26 ", SymbolNormalization.EXCHANGE_SUFFIXES_CONFIG, "globex",
        SymbolNormalization.FUTURES_NORMALIZE_CONFIG, "false")).newNormalizer();

    assertThat(normalizer.normalize("EMINI-DEC.GLOBEX", MARCH_2026_MICROS))
        .isEqualTo(new SymbolNormalizer.Canonical("ESZ26", "GLOBEX"));
    assertThat(normalizer.normalize("ESZ6-CME", MARCH_2026_MICROS).symbol()).isEqualTo("ESZ6-CME");
  }

  @Test
  void shouldDescribeTheValuesInConfiguredOrderWhenLogged() {
    SymbolNormalization rules = SymbolNormalization.of(Map.of(SymbolNormalization.ALIASES_CONFIG, "B=Y,A=X",
        SymbolNormalization.EXCHANGE_SUFFIXES_CONFIG, "eurex,cme"));

    assertThat(rules).hasToString("symbol.aliases={B=Y, A=X}, symbol.futures.normalize=true, "
        + "symbol.exchange.suffixes=[EUREX, CME]");
  }

  @Test
  void shouldNameTheKeyAndTheEntryWhenAnAliasHasNoCanonicalSymbol() {
    assertThatThrownBy(() -> SymbolNormalization.of(Map.of(SymbolNormalization.ALIASES_CONFIG, "ESZ6=ESZ26,NQZ6=")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value [ESZ6=ESZ26, NQZ6=] for configuration symbol.aliases: expected raw=canonical, "
            + "was 'NQZ6='");
  }

  @Test
  void shouldRefuseAtStartAnAliasWhoseCanonicalSymbolEveryRecordWouldBeRefusedFor() {
    String eszetts = "\u00DF".repeat(40);

    assertThatThrownBy(() -> SymbolNormalization.of(Map.of(SymbolNormalization.ALIASES_CONFIG, "X=" + eszetts)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value [X=" + eszetts + "] for configuration symbol.aliases: alias 'X=" + eszetts
            + "': canonical symbol of 80 characters is longer than 64, as the normalizer writes it (upper case, "
            + "futures rewrite): '" + "SS".repeat(40) + "'");
    assertThatThrownBy(() -> SymbolNormalization.of(Map.of(SymbolNormalization.ALIASES_CONFIG, "ES=ESZ\u200B26")))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("alias 'ES=ESZ\u200B26': symbol holds format character U+200B at index 3");
  }

  /**
   * A canonical side within the bound as written can pass it once the normalizer rewrites it: a one-digit futures
   * year gets two digits, so every record of the alias went to the dead letters.
   */
  @Test
  void shouldRefuseAtStartAnAliasWhoseCanonicalSymbolTheFuturesRewriteMakesTooLong() {
    String canonical = "A".repeat(62) + "Z6";

    assertThatThrownBy(() -> SymbolNormalization.of(Map.of(SymbolNormalization.ALIASES_CONFIG, "X=" + canonical)))
        .isInstanceOf(ConfigException.class)
        .hasMessageMatching(Pattern.quote("Invalid value [X=" + canonical + "] for configuration symbol.aliases: "
            + "alias 'X=" + canonical + "': canonical symbol of 65 characters is longer than 64, as the normalizer "
            + "writes it (upper case, futures rewrite): '" + "A".repeat(62) + "Z") + "\\d\\d'");
  }

  @Test
  void shouldAcceptAnAliasWhoseCanonicalSymbolFitsWhenTheFuturesRewriteIsOff() {
    String canonical = "A".repeat(62) + "Z6";

    SymbolNormalizer normalizer = SymbolNormalization.of(Map.of(SymbolNormalization.ALIASES_CONFIG, "X=" + canonical,
        SymbolNormalization.FUTURES_NORMALIZE_CONFIG, "false")).newNormalizer();

    assertThat(normalizer.normalize("X", MARCH_2026_MICROS).symbol()).isEqualTo(canonical);
  }

  @Test
  void shouldRefuseAtStartAnAliasWhoseRawSymbolNoRecordCouldHave() {
    assertThatThrownBy(() -> SymbolNormalization.of(Map.of(SymbolNormalization.ALIASES_CONFIG,
        "ES\u00A0\u200B=ESZ26")))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("alias 'ES\u00A0\u200B=ESZ26': symbol holds format character U+200B at index 3");
  }
}
