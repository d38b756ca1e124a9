package io.tickflow.dtc.sim;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A simulated instrument with its real contract terms.
 *
 * @param symbol        symbol as clients subscribe to it
 * @param exchange      exchange code
 * @param securityType  DTC SecurityTypeEnum (1 futures, 2 stock, 3 forex)
 * @param description   human description
 * @param tickSize      minimum price increment
 * @param tickValue     currency value of one tick for one contract/unit
 * @param priceDisplayFormat DTC PriceDisplayFormat: decimals (0 to 9), or a fraction (134 = halves of 1/32,
 *                      as Sierra Chart shows the 10-year note)
 * @param currency      quote currency
 * @param startPrice    first mid price
 * @param typicalSize   typical quantity of one trade
 */
public record Instrument(String symbol, String exchange, int securityType, String description, double tickSize,
    double tickValue, int priceDisplayFormat, String currency, double startPrice, int typicalSize) {
  public static final int FUTURES = 1;
  public static final int STOCK = 2;
  public static final int FOREX = 3;

  public Instrument {
    Objects.requireNonNull(symbol, "symbol");
    if (tickSize <= 0 || startPrice <= 0 || typicalSize <= 0) {
      throw new IllegalArgumentException(symbol + ": tickSize, startPrice and typicalSize must be > 0");
    }
  }

  /** The decimals of the tick size, which every price on the tick grid fits in: 6 for 1/64 (0.015625). */
  public int tickDecimals() {
    return Math.max(0, BigDecimal.valueOf(tickSize).stripTrailingZeros().scale());
  }

  /** This instrument with its market starting at {@code price} (a restarted demo resumes from its last trade). */
  public Instrument withStartPrice(double price) {
    return new Instrument(symbol, exchange, securityType, description, tickSize, tickValue, priceDisplayFormat,
        currency, price, typicalSize);
  }

  /** The demo set: CME/NYMEX/COMEX/CBOT futures with real tick sizes, spot FX and US equities. */
  public static List<Instrument> defaults() {
    return List.of(
        new Instrument("ESZ6", "CME", FUTURES, "E-mini S&P 500 Dec 2026", 0.25, 12.5, 2, "USD", 6000.0, 3),
        new Instrument("NQZ6", "CME", FUTURES, "E-mini Nasdaq-100 Dec 2026", 0.25, 5.0, 2, "USD", 21000.0, 2),
        new Instrument("CLF7", "NYMEX", FUTURES, "Crude Oil Jan 2027", 0.01, 10.0, 2, "USD", 70.0, 2),
        new Instrument("GCG7", "COMEX", FUTURES, "Gold Feb 2027", 0.1, 10.0, 1, "USD", 2650.0, 1),
        new Instrument("ZNH7", "CBOT", FUTURES, "10-Year T-Note Mar 2027", 0.015625, 15.625, 134, "USD", 110.0, 5),
        new Instrument("EURUSD", "FX", FOREX, "Euro / US Dollar", 0.00001, 1.0, 5, "USD", 1.08, 100000),
        new Instrument("GBPUSD", "FX", FOREX, "British Pound / US Dollar", 0.00001, 1.0, 5, "USD", 1.27, 100000),
        new Instrument("USDJPY", "FX", FOREX, "US Dollar / Japanese Yen", 0.001, 1.0, 3, "JPY", 150.0, 100000),
        new Instrument("AAPL", "NASDAQ", STOCK, "Apple Inc.", 0.01, 0.01, 2, "USD", 230.0, 100),
        new Instrument("MSFT", "NASDAQ", STOCK, "Microsoft Corp.", 0.01, 0.01, 2, "USD", 420.0, 100));
  }

  /**
   * The default instruments with these symbols, in default order; all of them when {@code symbols} is null.
   *
   * @throws IllegalArgumentException when a symbol is not a default instrument
   */
  public static List<Instrument> defaults(List<String> symbols) {
    if (symbols == null) {
      return defaults();
    }
    List<String> known = defaults().stream().map(Instrument::symbol).toList();
    for (String symbol : symbols) {
      if (!known.contains(symbol)) {
        throw new IllegalArgumentException("'" + symbol + "' is not a simulator instrument; choose from " + known);
      }
    }
    return defaults().stream().filter(i -> symbols.contains(i.symbol())).toList();
  }
}
