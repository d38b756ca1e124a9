package io.tickflow.symbols;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The symbol rules shared by everything that names instruments: the Streams app normalizes record values with them,
 * the connectors and {@code tickflow scid import} key raw records by the canonical symbol they give. The three keys
 * are declared here once, so each component's {@link ConfigDef} holds the same names, defaults, validators and docs,
 * and parsed once into this immutable value. Components that are meant to agree must be given the same values: a raw
 * record whose key is not the Streams app's canonical symbol takes the slower repartition path.
 */
public final class SymbolNormalization {

  public static final String ALIASES_CONFIG = "symbol.aliases";
  public static final String FUTURES_NORMALIZE_CONFIG = "symbol.futures.normalize";
  public static final String EXCHANGE_SUFFIXES_CONFIG = "symbol.exchange.suffixes";
  public static final String DEFAULT_EXCHANGE_SUFFIXES = "CME,CBOT,NYMEX,COMEX,CBOE,ICE,EUREX";

  private static final String DEFAULT_GROUP = "Symbols";

  private final Map<String, String> aliases;
  private final boolean futures;
  private final Set<String> exchangeSuffixes;

  /** Takes ordered copies, so the start-up log line lists the values as configured. */
  private SymbolNormalization(Map<String, String> aliases, boolean futures, Set<String> exchangeSuffixes) {
    this.aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
    this.futures = futures;
    this.exchangeSuffixes = Collections.unmodifiableSet(new LinkedHashSet<>(exchangeSuffixes));
  }

  /**
   * Adds the three symbol keys to a component's definition.
   *
   * @param def the component's definition
   * @param group the documentation group the keys go in
   * @param firstOrderInGroup the position of the first key in that group; the others follow
   * @return {@code def}
   */
  public static ConfigDef define(ConfigDef def, String group, int firstOrderInGroup) {
    return def
        .define(ALIASES_CONFIG, Type.LIST, "", new AliasesValidator(), Importance.MEDIUM,
            "Explicit symbol aliases, 'raw=canonical' (e.g. 'ES 12-26=ESZ26'), applied after an exchange suffix is "
                + "split off and before the futures rewrite; both sides must be symbols the Streams app accepts "
                + "(1 to 64 characters, not blank, no control or invisible character), the canonical side also as "
                + "normalized (upper case, futures rewrite: a canonical ESZ6 is keyed ESZ26).", group, firstOrderInGroup,
            Width.LONG, "Symbol aliases")
        .define(FUTURES_NORMALIZE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
            "Rewrite futures codes to root + month + two-digit year, so ESZ6, ESZ2026 and ESZ26 are all ESZ26 (a "
                + "one-digit year is resolved from the record's event time).", group, firstOrderInGroup + 1,
            Width.SHORT, "Futures codes")
        .define(EXCHANGE_SUFFIXES_CONFIG, Type.LIST, DEFAULT_EXCHANGE_SUFFIXES, Importance.LOW,
            "Exchange codes recognised as a '-XXX' or '.XXX' symbol suffix: the suffix is removed from the symbol and "
                + "fills the record's exchange when the feed left it empty.", group, firstOrderInGroup + 2,
            Width.LONG, "Exchange suffixes");
  }

  /** Reads the symbol keys of a configuration whose definition went through {@link #define}. */
  public static SymbolNormalization of(AbstractConfig config) {
    Map<String, String> aliases = new LinkedHashMap<>();
    boolean futures = config.getBoolean(FUTURES_NORMALIZE_CONFIG);
    SymbolNormalizer rewrite = new SymbolNormalizer(Map.of(), futures, Set.of());
    List<String> entries = config.getList(ALIASES_CONFIG);
    long nowMicros = System.currentTimeMillis() * 1_000L;
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      String canonical = upper(entry.substring(equals + 1));
      checkCanonical(entries, entry, rewrite.afterAlias(canonical, nowMicros));
      aliases.put(upper(entry.substring(0, equals)), canonical);
    }
    Set<String> suffixes = new LinkedHashSet<>();
    config.getList(EXCHANGE_SUFFIXES_CONFIG).forEach(suffix -> suffixes.add(upper(suffix)));
    return new SymbolNormalization(aliases, futures, suffixes);
  }

  /**
   * Refuses an alias whose canonical side, as the normalizer writes it, breaks the {@link SymbolRule}: upper case
   * lengthens some letters and the futures rewrite gives a one-digit year two digits, so a side within the bound as
   * written can pass it, and every record of the alias would then be refused. Done here, not in the validator, as it
   * depends on {@value #FUTURES_NORMALIZE_CONFIG}. The length of the rewrite does not depend on the event time; the
   * message shows a one-digit year as a record of today would get it.
   */
  private static void checkCanonical(List<String> entries, String entry, String written) {
    SymbolRule.canonicalProblem(written).or(() -> SymbolRule.problem(written)).ifPresent(problem -> {
      throw new ConfigException(ALIASES_CONFIG, entries, "alias '" + entry + "': " + problem
          + ", as the normalizer writes it (upper case, futures rewrite): '" + written + "'");
    });
  }

  /**
   * Reads the symbol keys of a settings map that holds other keys too (e.g. the properties file of
   * {@code tickflow run}); absent keys take their defaults.
   *
   * @throws ConfigException naming the key when a value is invalid
   */
  public static SymbolNormalization of(Map<?, ?> settings) {
    return of(new AbstractConfig(define(new ConfigDef(), DEFAULT_GROUP, 1), settings, false));
  }

  /** A new normalizer with these rules; it caches answers and is not thread-safe, so each task gets its own. */
  public SymbolNormalizer newNormalizer() {
    return new SymbolNormalizer(aliases, futures, exchangeSuffixes);
  }

  /** The keys and their values, for a component's start-up log line. */
  @Override
  public String toString() {
    return ALIASES_CONFIG + "=" + aliases + ", " + FUTURES_NORMALIZE_CONFIG + "=" + futures + ", "
        + EXCHANGE_SUFFIXES_CONFIG + "=" + exchangeSuffixes;
  }

  private static String upper(String text) {
    return text.trim().toUpperCase(Locale.ROOT);
  }

  /**
   * Checks that every alias is written {@code raw=canonical} and that both sides are symbols the {@link SymbolRule}
   * allows: a raw side it refuses never matches a record, and every record of a refused canonical side would be
   * refused, so either is a mistake to tell at start. The canonical side as the normalizer writes it is checked by
   * {@link #of(AbstractConfig)}, which knows whether futures codes are rewritten.
   */
  private static final class AliasesValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      for (Object entry : (List<?>) value) {
        String text = (String) entry;
        int equals = text.indexOf('=');
        if (equals <= 0 || equals == text.length() - 1) {
          throw new ConfigException(name, value, "expected raw=canonical, was '" + text + "'");
        }
        String canonical = text.substring(equals + 1);
        SymbolRule.problem(text.substring(0, equals)).or(() -> SymbolRule.problem(canonical))
            .ifPresent(problem -> {
              throw new ConfigException(name, value, "alias '" + text + "': " + problem);
            });
      }
    }

    @Override
    public String toString() {
      return "list of raw=canonical";
    }
  }
}
