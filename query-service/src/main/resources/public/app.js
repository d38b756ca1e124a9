// Tickflow live chart: loads the symbol list and timeframes over REST, then follows bars, quotes, the book and the
// trades of the shown symbol over /ws (snapshot, then numbered updates). Times are shown in one zone, chosen in the
// header: UTC (as the API sends them, the default), the shown symbol's exchange (its session's zone) or this
// computer's; the chart's axis, the quote, the book, the tape and the feed health alike. window.tickflowState exposes
// what is drawn, for the browser test.
(function () {
  'use strict';

  const UP = '#26a69a';
  const DOWN = '#ef5350';
  // Volume in the candles' colours, half transparent: where a wick reaches into the volume pane both stay legible.
  const VOLUME_UP = UP + '80';
  const VOLUME_DOWN = DOWN + '80';
  // Reconnects and refused subscribes are retried after a delay doubled per failure up to the cap, plus up to a
  // quarter at random: the pages of a restarted server must not all come back at once, nor every 2 s for hours.
  const FIRST_RETRY_MS = 500;
  const MAX_RETRY_MS = 30000;
  // A connection that brings nothing, not even the server's heartbeat, for this many intervals is dead: a path that
  // died (a NAT that forgot it, a laptop that slept) closes nothing, and the chart would freeze while saying live.
  const SILENT_HEARTBEATS = 3;
  const DEFAULT_HEARTBEAT_MS = 10000;
  // A snapshot holds the bars of query.max.range.ms at most (31 days by default): 31 daily candles, 5 weekly. When
  // the range, not the bar count, cut it, older bars are read over REST, one range (as long as the API allows) at
  // a time, up to this many candles or ranges, or to a range without bars.
  const HISTORY_BARS = 300;
  const HISTORY_RANGES = 12;
  // Prices are written as the symbol's security definition says (GET /api/v1/instruments): its decimals, or a
  // fraction, as treasuries trade in halves of 1/32. A symbol without one (a .scid feed) is drawn with as many
  // decimals as its own prices have, and so is one whose prices have more than its definition says: never the
  // chart's default two, which drew every EURUSD price as 1.08. Eight at most: beyond that a double's noise, not a
  // tick, makes the digits.
  const MAX_DECIMALS = 8;
  // DTC's price display formats that are fractions: [denominator, parts of one]; 134 is halves of 1/32.
  const FRACTIONS = new Map([[102, [2, 1]], [104, [4, 1]], [108, [8, 1]], [116, [16, 1]], [132, [32, 1]],
    [134, [32, 2]], [136, [32, 4]], [140, [32, 8]], [164, [64, 1]], [228, [128, 1]], [356, [256, 1]]]);
  // A candle at most this wide (pixels, with its gap): fitted, the first two candles of a new series filled the chart.
  const MAX_BAR_SPACING = 50;
  // The book's levels shown on each side, and the trades the tape keeps (newest first).
  const BOOK_LEVELS = 10;
  const TAPE_TRADES = 25;
  // Errors that end or refuse a subscription for now (stores restoring or rebalancing, the key's rate).
  const RETRIED_ERRORS = new Set(['unavailable', 'internal', 'rate_limited']);
  const address = new URLSearchParams(window.location.search);
  const apiKey = address.get('api_key');
  // The key goes in a header, out of URLs and logs, when a header can carry it as is: printable ASCII, no space at
  // either end (fetch refuses "€" in a header and trims spaces). Else as a percent-encoded api_key, as on /ws.
  const keyInHeader = apiKey !== null && /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(apiKey);
  const headers = keyInHeader ? { 'X-API-Key': apiKey } : {};
  const state = {
    symbol: null, timeframe: null, candles: 0, loads: 0, updates: 0, quote: null, book: null, trades: 0,
    retries: 0, retryDelayMs: 0,
    heartbeatMs: DEFAULT_HEARTBEAT_MS, // the server's interval, from its last heartbeat
    closeAt: (time) => candles.data().find((point) => point.time === time)?.close ?? null,
    priceDecimals: () => candles.options().priceFormat.precision,
    priceFormatType: () => candles.options().priceFormat.type,
    priceText: (price) => priceText(price),
    barSpacing: () => chart.timeScale().logicalToCoordinate(1) - chart.timeScale().logicalToCoordinate(0),
    coordinateOf: (time) => chart.timeScale().timeToCoordinate(time),
    zone: () => shownZone(),
    axisLabel: (time, type) => axisLabel(shownZone(), time, type),
    crosshairLabel: (time) => crosshairLabel(shownZone(), time),
  };
  window.tickflowState = state;

  const chartElement = document.getElementById('chart');
  const chart = LightweightCharts.createChart(chartElement, {
    autoSize: true,
    layout: { background: { color: '#0f1419' }, textColor: '#d1d4dc' },
    grid: { vertLines: { color: '#1e222d' }, horzLines: { color: '#1e222d' } },
    timeScale: { timeVisible: true, secondsVisible: false, maxBarSpacing: MAX_BAR_SPACING },
  });
  const candles = chart.addSeries(LightweightCharts.CandlestickSeries, {
    upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN,
  });
  // Candles above, volume in the bottom fifth: they do not cover each other.
  candles.priceScale().applyOptions({ scaleMargins: { top: 0.1, bottom: 0.25 } });
  const volume = chart.addSeries(LightweightCharts.HistogramSeries, {
    priceFormat: { type: 'volume' }, priceScaleId: 'volume', priceLineVisible: false, lastValueVisible: false,
  });
  chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });

  // The legend: open, high, low, close and volume of the candle under the crosshair, else of the newest candle.
  const legend = document.getElementById('legend');
  let newest = null; // { candle, volume } of the newest candle drawn
  let hovered = null;
  chart.subscribeCrosshairMove((param) => {
    const candle = param.time === undefined ? undefined : param.seriesData.get(candles);
    hovered = candle ? { candle: candle, volume: param.seriesData.get(volume) } : null;
    showLegend();
  });

  function showLegend() {
    // The newest candle changes under a resting pointer: shown as it is now, not as when the pointer came.
    const shown = hovered && hovered.candle.time !== newest?.candle.time ? hovered : newest;
    if (!shown) {
      legend.textContent = '';
      return;
    }
    const { open, high, low, close } = shown.candle;
    legend.className = 'legend ' + (close >= open ? 'up' : 'down');
    legend.textContent = 'O ' + priceText(open) + '  H ' + priceText(high) + '  L ' + priceText(low) + '  C '
      + priceText(close) + (shown.volume ? '  V ' + shown.volume.value : '');
  }

  function showNewest(bar) {
    newest = bar ? { candle: toCandle(bar), volume: toVolume(bar) } : null;
    showLegend();
  }

  // A daily or weekly candle sits at its trading date, which its UTC start does not tell: the CME session opening
  // Sunday 23:00 UTC is Monday's. Tick, volume and range bars can start microseconds apart, which Date.parse drops,
  // so the fraction of a second is read from the text. The chart's times are UTC seconds; its labels, the zone's.
  function barTime(bar) {
    if (bar.tradingDate) {
      return Date.parse(bar.tradingDate + 'T00:00:00Z') / 1000;
    }
    const fraction = /\.(\d+)Z$/.exec(bar.start);
    return Date.parse(bar.start.replace(/\.\d+Z$/, 'Z')) / 1000 + (fraction ? Number('0.' + fraction[1]) : 0);
  }

  function decimalsOf(price) {
    for (let decimals = 0; decimals < MAX_DECIMALS; decimals++) {
      const scaled = price * 10 ** decimals;
      if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled))) {
        return decimals;
      }
    }
    return MAX_DECIMALS;
  }

  // --- Price format: the symbol's security definition, else its prices' decimals ----------------------------------
  let instruments = new Map(); // symbol to its security definition (GET /api/v1/instruments)
  let barDecimals = 0; // the most decimals among the drawn bars' prices
  let appliedFormat = '';
  let instrumentsReading = false;

  // The DTC price display format of a definition: 0 to 9 decimals, or a fraction; null when unset or unknown.
  function priceFormatOf(instrument) {
    const code = instrument.priceDisplayFormat;
    if (code >= 0 && code <= 9) {
      return { decimals: code };
    }
    const fraction = FRACTIONS.get(code);
    return fraction ? { denominator: fraction[0], parts: fraction[1] } : null;
  }

  // Read at the start, after each reconnect, and when a symbol without a definition is shown: its definition may
  // come after its first trades. One read at a time.
  async function refreshInstruments() {
    if (instrumentsReading) {
      return;
    }
    instrumentsReading = true;
    try {
      const body = await getJson('/api/v1/instruments');
      instruments = new Map(body.instruments.map((instrument) => [instrument.symbol, instrument]));
      showInstrument();
      applyPriceFormat();
      applyZone();
    } catch (e) {
      console.warn('tickflow instruments', e);
    } finally {
      instrumentsReading = false;
    }
  }

  function shownPriceFormat() {
    const instrument = instruments.get(state.symbol);
    return instrument ? priceFormatOf(instrument) : null;
  }

  function fractionShown() {
    const format = shownPriceFormat();
    return format?.denominator ? format : null;
  }

  // The definition's decimals, or the bars' own when they have more: a digit is never hidden.
  function shownDecimals() {
    return Math.max(shownPriceFormat()?.decimals ?? 0, barDecimals);
  }

  // What the symbol is, and what one tick is worth: "E-mini S&P 500 Dec 2026 · CME", "tick 0.25 = 12.5 USD".
  function showInstrument() {
    const instrument = instruments.get(state.symbol);
    document.getElementById('instrument').textContent = instrument
      ? [instrument.description, instrument.exchange].filter((text) => text).join(' · ') : '';
    document.getElementById('tick').textContent = instrument ? 'tick ' + instrument.tickSize
      + (instrument.tickValue > 0 ? ' = ' + instrument.tickValue + ' ' + instrument.currency : '') : '';
  }

  // Counts the decimals of these bars, from `from` (0 for a snapshot, which starts the count again).
  function countDecimalsOf(bars, from) {
    barDecimals = bars.reduce((most, bar) => Math.max(most, decimalsOf(bar.open), decimalsOf(bar.high),
      decimalsOf(bar.low), decimalsOf(bar.close)), from);
    applyPriceFormat();
  }

  function applyPriceFormat() {
    const fraction = fractionShown();
    const decimals = shownDecimals();
    const key = fraction ? fraction.denominator + '/' + fraction.parts : String(decimals);
    if (key === appliedFormat) {
      return;
    }
    appliedFormat = key;
    candles.applyOptions({
      priceFormat: fraction
        ? { type: 'custom', formatter: priceText, minMove: 1 / (fraction.denominator * fraction.parts) }
        : { type: 'price', precision: decimals, minMove: 10 ** -decimals },
    });
    // They may have come first, written the previous way.
    showQuote(state.quote);
    showBook(state.book);
    drawTape();
    showLegend();
  }

  // A price as the symbol writes it: a fraction, or the decimals shown, or more if it has more (a quote's):
  // 6011.00 beside 6010.75, not 6011. A column of prices passes the most its prices have, so that they line up.
  function priceText(price, decimals = 0) {
    if (price === null || price === undefined) {
      return '-';
    }
    const fraction = fractionShown();
    return fraction ? fractionText(price, fraction)
      : price.toFixed(Math.max(shownDecimals(), decimalsOf(price), decimals));
  }

  function mostDecimals(prices) {
    return prices.reduce((most, price) => Math.max(most, decimalsOf(price)), 0);
  }

  // A price in a fraction format as futures traders write it: 109'27.5 is 109 and 27.5/32 (halves of 1/32),
  // 450'2 is 450 and 2/8. The numerator has as many digits as the largest one (two for 32nds), and the part of one
  // as many decimals as the smallest part needs (109'27.0 beside 109'27.5), so that prices line up.
  function fractionText(price, { denominator, parts }) {
    const units = Math.round(Math.abs(price) * denominator * parts);
    const whole = Math.floor(units / (denominator * parts));
    const rest = units - whole * denominator * parts;
    const numerator = String(Math.floor(rest / parts)).padStart(String(denominator - 1).length, '0');
    const part = parts > 1 ? ((rest % parts) / parts).toFixed(Math.log2(parts)).substring(1) : '';
    return (price < 0 && units > 0 ? '-' : '') + whole + "'" + numerator + part;
  }

  function toCandle(bar) {
    return { time: barTime(bar), open: bar.open, high: bar.high, low: bar.low, close: bar.close };
  }

  function toVolume(bar) {
    return { time: barTime(bar), value: bar.volume, color: bar.close >= bar.open ? VOLUME_UP : VOLUME_DOWN };
  }

  // The API's order of a bar's versions: by revision, and the final bar above the live one of the same revision.
  function rank(bar) {
    return 2 * bar.revision + (bar.closed ? 1 : 0);
  }

  // --- Time zone: UTC, the shown symbol's exchange (its session's zone, from its definition) or this computer's ----
  const ZONE_CHOICES = ['utc', 'exchange', 'local'];
  const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let zoneChoice = ZONE_CHOICES.includes(address.get('tz')) ? address.get('tz') : 'utc';
  const zoneFormats = new Map(); // zone to its Intl format: building one costs far more than using it

  function shownZone() {
    if (zoneChoice === 'local') {
      return LOCAL_ZONE;
    }
    return zoneChoice === 'exchange' ? instruments.get(state.symbol)?.sessionTimeZone ?? 'UTC' : 'UTC';
  }

  // The fields of an instant in a zone ({year, month, day, hour, minute, second, fractionalSecond}), from the
  // browser's own time zone data: DST changes included, nothing to ship or keep up to date.
  function partsIn(zone, millis) {
    let format = zoneFormats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'short',
        day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 });
      zoneFormats.set(zone, format);
    }
    return Object.fromEntries(format.formatToParts(millis).map((part) => [part.type, part.value]));
  }

  // HH:MM:SS.mmm of an instant the API sent, in the zone shown.
  function timeOfDay(iso) {
    if (!iso) {
      return '-';
    }
    const time = partsIn(shownZone(), Date.parse(iso));
    return time.hour + ':' + time.minute + ':' + time.second + '.' + time.fractionalSecond;
  }

  // HH:MM:SS of a moment of this page (epoch milliseconds), and the zone: "14:30:00 UTC".
  function clockTime(millis) {
    const time = partsIn(shownZone(), millis);
    return time.hour + ':' + time.minute + ':' + time.second + ' ' + shownZone();
  }

  // Daily and weekly candles sit at their trading dates (as UTC midnights): dates, which no zone shifts.
  function datedSeries() {
    return /^\d+[dw]$/.test(state.timeframe ?? '');
  }

  // A time axis label in the zone. The chart puts its marks at UTC boundaries; a day, month or year mark that is not
  // at the zone's midnight is labelled with its time of day, so that no label claims a day starts where it does not.
  // Null leaves the chart's own label: in UTC, and for dated series.
  function axisLabel(zone, time, type) {
    if (zone === 'UTC' || datedSeries()) {
      return null;
    }
    const at = partsIn(zone, time * 1000);
    const midnight = at.hour === '00' && at.minute === '00';
    if (midnight && type <= LightweightCharts.TickMarkType.DayOfMonth) {
      return type === LightweightCharts.TickMarkType.Year ? at.year
        : type === LightweightCharts.TickMarkType.Month ? at.month : at.day;
    }
    return at.hour + ':' + at.minute + (type === LightweightCharts.TickMarkType.TimeWithSeconds ? ':' + at.second : '');
  }

  // The crosshair's time, as the chart writes it ("28 Nov '26 14:30"), in the zone; a dated candle's date alone.
  function crosshairLabel(zone, time) {
    const dated = datedSeries();
    const at = partsIn(dated ? 'UTC' : zone, Math.floor(time) * 1000);
    const date = at.day.padStart(2, '0') + ' ' + at.month + " '" + at.year.slice(2);
    return dated ? date : date + ' ' + at.hour + ':' + at.minute + (at.second === '00' ? '' : ':' + at.second);
  }

  // Draws every time shown again in the zone chosen now: called when the choice, the symbol or its definition changes.
  function applyZone() {
    const zone = shownZone();
    // New functions, not the same ones: the chart drops the labels it cached only when its options change.
    chart.applyOptions({
      localization: { timeFormatter: (time) => crosshairLabel(zone, time) },
      timeScale: { tickMarkFormatter: (time, type) => axisLabel(zone, time, type) },
    });
    const picker = document.getElementById('zone');
    picker.value = zoneChoice;
    picker.options[1].text = 'exchange: ' + (instruments.get(state.symbol)?.sessionTimeZone ?? 'unknown, UTC');
    picker.options[2].text = 'local: ' + LOCAL_ZONE;
    showQuote(state.quote);
    showBook(state.book);
    drawTape();
  }

  function retryDelay(failures) {
    return Math.round(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1)) * (1 + Math.random() / 4));
  }

  function get(path) {
    const keyParameter = apiKey === null || keyInHeader ? ''
      : (path.includes('?') ? '&' : '?') + 'api_key=' + encodeURIComponent(apiKey);
    return fetch(path + keyParameter, { headers, signal: AbortSignal.timeout(15000) });
  }

  async function getJson(path) {
    const response = await get(path);
    if (!response.ok) {
      throw Object.assign(new Error(path + ' answered ' + response.status), { status: response.status });
    }
    return response.json();
  }

  // --- WebSocket: one connection, resubscribed on symbol or timeframe change, reconnected when lost -----------
  let socket = null;
  let subscriptions = [];
  let lastHeard = 0;
  let downSince = null;
  const retryTimers = new Map();
  const subscribeFailures = new Map();
  // Per candle time, the rank of the version drawn: an older version arriving later must not replace it.
  let drawnRanks = new Map();
  let newestTime = 0;
  let fitPending = true;
  // Counts the charts drawn (a new series, each bars snapshot): a history read begun for an earlier one stops.
  let generation = 0;

  function connect() {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(scheme + '://' + window.location.host + '/ws'
      + (apiKey ? '?api_key=' + encodeURIComponent(apiKey) : ''));
    socket = ws;
    lastHeard = Date.now();
    ws.onopen = () => {
      ws.opened = true;
      lastHeard = Date.now();
      subscriptions.forEach(send);
      // Trades that came while the page was away are in the instance's time and sales, not on the tape.
      if (state.symbol !== null) {
        clearTape();
        loadTape(state.symbol);
      }
    };
    ws.onclose = lost;
    ws.onmessage = (event) => {
      lastHeard = Date.now();
      if (downSince !== null) {
        refreshSymbols();
        refreshInstruments();
      }
      downSince = null;
      state.retries = 0;
      onMessage(JSON.parse(event.data));
    };
  }

  // Drops the connection without waiting for its close (on a dead path that takes minutes) and tries again later.
  function lost() {
    const ws = socket;
    socket = null;
    ws.onopen = ws.onclose = ws.onmessage = null;
    if (ws.readyState === WebSocket.OPEN) {
      ws.close();
    }
    cancelRetries();
    downSince = downSince ?? Date.now();
    state.retries += 1;
    state.retryDelayMs = retryDelay(state.retries);
    const retrying = 'retrying in ' + Math.ceil(state.retryDelayMs / 1000) + ' s';
    setStatus('down', 'disconnected since ' + clockTime(downSince) + ', ' + retrying);
    setTimeout(connect, state.retryDelayMs);
    if (!ws.opened) {
      upgradeRefusal().then((refusal) => {
        if (refusal !== null && socket === null) {
          setStatus('down', 'live data refused: ' + refusal + '; ' + retrying);
        }
      }, () => {});
    }
  }

  // A browser tells a page nothing of why a WebSocket upgrade failed; the same request as a plain GET gets the
  // server's answer: 401 or 403 with its message when the key is refused (426 when /ws would take the upgrade).
  async function upgradeRefusal() {
    const response = await get('/ws');
    if (response.status !== 401 && response.status !== 403) {
      return null;
    }
    const body = await response.json().catch(() => ({}));
    const status = 'HTTP ' + response.status;
    return body.message ? body.message + ' (' + status + ')' : status;
  }

  // Runs every second (once a minute in a background tab) and when the tab shows again.
  function checkAlive() {
    if (socket && Date.now() - lastHeard > SILENT_HEARTBEATS * state.heartbeatMs) {
      console.warn('tickflow: nothing heard for ' + (Date.now() - lastHeard) + ' ms; reconnecting');
      lost();
    }
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function follow(symbol, timeframe) {
    subscriptions.forEach((s) => send(Object.assign({}, s, { type: 'unsubscribe' })));
    cancelRetries();
    subscribeFailures.clear();
    subscriptions = [
      { type: 'subscribe', channel: 'bars', symbol: symbol, timeframe: timeframe },
      { type: 'subscribe', channel: 'quotes', symbol: symbol },
      { type: 'subscribe', channel: 'book', symbol: symbol },
      { type: 'subscribe', channel: 'trades', symbol: symbol },
    ];
    candles.setData([]);
    volume.setData([]);
    showNewest(null);
    drawnRanks = new Map();
    fitPending = true;
    generation += 1;
    state.candles = 0;
    showQuote(null);
    showBook(null);
    clearTape();
    loadTape(symbol);
    subscriptions.forEach(send);
  }

  function cancelRetries() {
    retryTimers.forEach((timer) => clearTimeout(timer));
    retryTimers.clear();
  }

  function subscriptionId(subscription) {
    return subscription.channel + ':' + subscription.symbol
      + (subscription.timeframe ? ':' + subscription.timeframe : '');
  }

  function currentBarsSub() {
    return 'bars:' + state.symbol + ':' + state.timeframe;
  }

  function onMessage(message) {
    if (message.type === 'heartbeat') {
      state.heartbeatMs = message.intervalMillis || DEFAULT_HEARTBEAT_MS;
      send({ type: 'heartbeat' });
      return;
    }
    if (message.type === 'error') {
      console.warn('tickflow', message.code, message.message);
      retryLater(message);
      return;
    }
    if (message.type === 'snapshot') {
      subscribeFailures.delete(message.sub);
    }
    if (message.sub === currentBarsSub()) {
      onBars(message);
    } else if (message.sub === 'quotes:' + state.symbol && current(message, state.quote)) {
      showQuote(message.data);
    } else if (message.sub === 'book:' + state.symbol && current(message, state.book)) {
      showBook(message.data);
    } else if (message.sub === 'trades:' + state.symbol && message.data) {
      onTrade(message.data);
    }
  }

  // A quote's or book's snapshot, or an update not older than the state shown: one queued while the snapshot loaded
  // can be (docs/api.md), and the next poll sends the current state.
  function current(message, shown) {
    if (message.type === 'snapshot') {
      return true;
    }
    return Boolean(message.data)
      && !(shown?.time && Date.parse(message.data.time) < Date.parse(shown.time));
  }

  // The server ended a subscription it could not open now, or refused it for a while: subscribe again later if it
  // is still one the page shows, rather than stay an empty or frozen chart until reloaded.
  function retryLater(error) {
    const subscription = subscriptions.find((s) => subscriptionId(s) === error.sub);
    if (!subscription || !RETRIED_ERRORS.has(error.code)) {
      return;
    }
    const failures = (subscribeFailures.get(error.sub) || 0) + 1;
    subscribeFailures.set(error.sub, failures);
    const delay = error.retryAfter ? error.retryAfter * 1000 : retryDelay(failures);
    if (error.sub === currentBarsSub()) {
      setStatus('down', state.symbol + ' ' + state.timeframe + ' ' + error.code + ' (' + error.message
        + '), retrying in ' + Math.ceil(delay / 1000) + ' s');
    }
    clearTimeout(retryTimers.get(error.sub));
    retryTimers.set(error.sub, setTimeout(() => {
      retryTimers.delete(error.sub);
      send(subscription);
    }, delay));
  }

  function onBars(message) {
    if (message.type === 'snapshot') {
      const bars = message.data ? message.data.bars : [];
      countDecimalsOf(bars, 0);
      if (!instruments.has(state.symbol)) {
        refreshInstruments();
      }
      candles.setData(bars.map(toCandle));
      volume.setData(bars.map(toVolume));
      drawnRanks = new Map(bars.map((bar) => [barTime(bar), rank(bar)]));
      newestTime = bars.length ? barTime(bars[bars.length - 1]) : 0;
      showNewest(bars.length ? bars[bars.length - 1] : null);
      state.candles = bars.length;
      state.loads += 1;
      generation += 1;
      // Only for a new symbol or timeframe: after a reconnect the trader's zoom and scroll stay.
      const fit = fitPending;
      if (fit) {
        chart.timeScale().fitContent();
        fitPending = false;
      }
      setStatus('live', bars.length ? 'live' : 'live, no ' + state.symbol + ' ' + state.timeframe + ' bars yet');
      if (bars.length > 0 && !message.data.truncated) {
        loadHistory(message.data, generation, fit);
      }
    } else if (message.type === 'update') {
      const time = barTime(message.data);
      if (drawnRanks.get(time) >= rank(message.data)) {
        return;
      }
      const before = drawnRanks.size;
      const place = placeOf(time);
      drawnRanks.set(time, rank(message.data));
      countDecimalsOf([message.data], barDecimals);
      draw(candles, toCandle(message.data), place);
      draw(volume, toVolume(message.data), place);
      if (place === 'newest') {
        showNewest(message.data);
      }
      state.candles = drawnRanks.size;
      state.updates += 1;
      if (before === 0) {
        setStatus('live', 'live');
      }
    }
  }

  async function loadHistory(body, begun, fit) {
    let to = Date.parse(body.from) - 1;
    for (let range = 0; range < HISTORY_RANGES && drawnRanks.size < HISTORY_BARS; range++) {
      let answer;
      try {
        answer = await getJson('/api/v1/bars/' + encodeURIComponent(body.symbol) + '?tf='
          + encodeURIComponent(body.timeframe) + '&to=' + to);
      } catch (e) {
        console.warn('tickflow history', e);
        return;
      }
      if (begun !== generation || answer.bars.length === 0) {
        return;
      }
      prepend(answer.bars);
      if (fit) {
        chart.timeScale().fitContent();
      }
      to = Date.parse(answer.truncated ? answer.bars[0].start : answer.from) - 1;
    }
  }

  function prepend(bars) {
    const first = Math.min(...drawnRanks.keys());
    const older = bars.filter((bar) => barTime(bar) < first);
    countDecimalsOf(older, barDecimals);
    candles.setData(older.map(toCandle).concat(candles.data()));
    volume.setData(older.map(toVolume).concat(volume.data()));
    older.forEach((bar) => drawnRanks.set(barTime(bar), rank(bar)));
    state.candles = drawnRanks.size;
  }

  // Where a bar goes, known from the candles drawn rather than read from the chart: series.data() copies every
  // point, and a page open all day would copy thousands at each of several updates a second.
  function placeOf(time) {
    if (drawnRanks.size === 0 || time >= newestTime) {
      newestTime = time;
      return 'newest';
    }
    return drawnRanks.has(time) ? 'replace' : 'insert';
  }

  // A bar older than the newest candle (revised by a late trade, or made final after the next one opened) replaces
  // its candle in place, or is inserted: the chart throws on a plain update() older than its last point.
  function draw(series, point, place) {
    if (place === 'newest') {
      series.update(point);
    } else if (place === 'replace') {
      series.update(point, true);
    } else {
      series.setData(series.data().concat([point]).sort((a, b) => a.time - b.time));
    }
  }

  // Null clears the quote: a symbol without one must not show the previous symbol's.
  function showQuote(quote) {
    state.quote = quote;
    document.getElementById('bid').textContent = priceText(quote?.bidPrice);
    document.getElementById('bid-size').textContent = quote?.bidSize ?? '-';
    document.getElementById('ask').textContent = priceText(quote?.askPrice);
    document.getElementById('ask-size').textContent = quote?.askSize ?? '-';
    document.getElementById('quote-time').textContent = timeOfDay(quote?.time);
  }

  // Null clears the book, as the quote.
  function showBook(book) {
    state.book = book;
    const asks = book ? book.asks.slice(0, BOOK_LEVELS).reverse() : [];
    const bids = book ? book.bids.slice(0, BOOK_LEVELS) : [];
    const decimals = mostDecimals(asks.concat(bids).map((level) => level.price));
    document.getElementById('book').tBodies[0].replaceChildren(...asks.map((level) => bookRow(level, 'ask', decimals))
      .concat(bids.map((level) => bookRow(level, 'bid', decimals))));
    document.getElementById('book-time').textContent = book ? 'as of ' + timeOfDay(book.time) : 'no book';
  }

  function bookRow(level, side, decimals) {
    // A feed that does not count orders sends 0: left blank rather than claim none.
    return tableRow(side, [priceText(level.price, decimals), level.quantity, level.orders > 0 ? level.orders : '']);
  }

  function tableRow(className, texts) {
    const tr = document.createElement('tr');
    tr.className = className;
    texts.forEach((text) => {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    });
    return tr;
  }

  // --- Trades (time and sales): newest on top, drawn at most once a frame --------------------------------------
  // A busy symbol trades hundreds of times a second: a table rebuilt per trade would take the chart's frames.
  let tape = []; // newest first: { key, trade }
  let tapeDrawPending = false;

  // An update may repeat the snapshot's trade (docs/api.md); a trade's identity is its time, sequence, price, size
  // and side, as deduplication has it. Arrival order is kept: a late trade accepted within the grace is older than
  // the one before it, and a tape shows it where it came.
  function onTrade(trade) {
    const key = tradeKey(trade);
    if (tape.some((shown) => shown.key === key)) {
      return;
    }
    tape.unshift({ key, trade });
    tape.length = Math.min(tape.length, TAPE_TRADES);
    state.trades += 1;
    if (!tapeDrawPending) {
      tapeDrawPending = true;
      requestAnimationFrame(drawTape);
    }
  }

  // The trades channel's snapshot is the latest trade only: the tape starts with the trades the instance read before
  // (GET /api/v1/trades), below those the channel brought meanwhile, which are newer.
  async function loadTape(symbol) {
    let body;
    try {
      body = await getJson('/api/v1/trades/' + encodeURIComponent(symbol) + '?limit=' + TAPE_TRADES);
    } catch (e) {
      console.warn('tickflow trades', e);
      return;
    }
    if (symbol !== state.symbol) {
      return;
    }
    body.trades.forEach((trade) => {
      const key = tradeKey(trade);
      if (tape.length < TAPE_TRADES && !tape.some((shown) => shown.key === key)) {
        tape.push({ key, trade });
        state.trades += 1;
      }
    });
    drawTape();
  }

  function tradeKey(trade) {
    return [trade.time, trade.sequence, trade.price, trade.size, trade.side].join('|');
  }

  function clearTape() {
    tape = [];
    state.trades = 0;
    drawTape();
  }

  function drawTape() {
    tapeDrawPending = false;
    const decimals = mostDecimals(tape.map(({ trade }) => trade.price));
    document.getElementById('trades').tBodies[0].replaceChildren(...tape.map(({ trade }) => tableRow(
      trade.side === 'ASK' ? 'bought' : trade.side === 'BID' ? 'sold' : '', [timeOfDay(trade.time),
        priceText(trade.price, decimals), trade.size, trade.side === 'UNKNOWN' ? '' : trade.side])));
  }

  function setStatus(cls, text) {
    const element = document.getElementById('connection');
    element.className = 'status ' + cls;
    element.textContent = text;
  }

  // --- Controls ------------------------------------------------------------------------------------------------
  function select(symbol, timeframe) {
    state.symbol = symbol;
    state.timeframe = timeframe;
    document.querySelectorAll('#timeframes button').forEach((b) => {
      b.classList.toggle('active', b.dataset.tf === timeframe);
    });
    showInstrument();
    applyZone();
    follow(symbol, timeframe);
    remember();
  }

  // The choice lives in the address: a reload, or a background tab the browser discarded, comes back to it.
  function remember() {
    const query = new URLSearchParams(window.location.search);
    query.set('symbol', state.symbol);
    query.set('tf', state.timeframe);
    if (zoneChoice === 'utc') {
      query.delete('tz');
    } else {
      query.set('tz', zoneChoice);
    }
    history.replaceState(null, '', '?' + query);
  }

  // The symbol the address asks for, as the API names it (a feed's spelling is accepted); null when none or unknown.
  async function addressedSymbol(symbols) {
    const wanted = address.get('symbol');
    if (!wanted || symbols.includes(wanted)) {
      return wanted;
    }
    try {
      return (await getJson('/api/v1/bars/' + encodeURIComponent(wanted) + '?limit=1')).symbol;
    } catch (e) {
      if (e.status === 404) {
        return null;
      }
      throw e;
    }
  }

  // The service is starting or rebalancing (503), or nothing has traded yet (a demo just started): try again rather
  // than stay a dead or empty page until reloaded, less and less often as for reconnects.
  let initFailures = 0;

  function initLater(reason) {
    initFailures += 1;
    const delay = retryDelay(initFailures);
    setStatus('down', reason + ', retrying in ' + Math.ceil(delay / 1000) + ' s');
    setTimeout(init, delay);
  }

  // What to show first: the address's symbol and timeframe if known, else the first ones, and a notice saying so.
  function choice(addressed, symbols, timeframes) {
    const wantedTf = address.get('tf');
    const shown = {
      symbol: addressed ?? symbols[0],
      timeframe: timeframes.includes(wantedTf) ? wantedTf : timeframes[0],
    };
    const unknown = [];
    if (address.get('symbol') && addressed === null) {
      unknown.push('unknown symbol ' + address.get('symbol'));
    }
    if (wantedTf && shown.timeframe !== wantedTf) {
      unknown.push('unknown timeframe ' + wantedTf);
    }
    const notice = unknown.length ? unknown.join(', ') + ': showing ' + shown.symbol + ' ' + shown.timeframe : '';
    return [shown, notice];
  }

  async function init() {
    let symbols;
    let timeframes;
    let symbol;
    try {
      [symbols, timeframes] = await Promise.all([getJson('/api/v1/symbols'), getJson('/api/v1/timeframes')]);
      if (symbols.symbols.length === 0) {
        initLater('no symbol yet');
        return;
      }
      symbol = await addressedSymbol(symbols.symbols);
    } catch (e) {
      initLater(e.message);
      return;
    }
    const picker = document.getElementById('symbol');
    symbols.symbols.forEach((name) => picker.add(new Option(name, name)));
    picker.onchange = () => select(picker.value, state.timeframe);
    const group = document.getElementById('timeframes');
    timeframes.timeframes.forEach((tf) => {
      const button = document.createElement('button');
      button.textContent = tf;
      button.dataset.tf = tf;
      button.onclick = () => select(state.symbol, tf);
      group.appendChild(button);
    });
    const zonePicker = document.getElementById('zone');
    zonePicker.onchange = () => {
      zoneChoice = zonePicker.value;
      applyZone();
      remember();
    };
    const [shown, notice] = choice(symbol, symbols.symbols, timeframes.timeframes);
    document.getElementById('notice').textContent = notice;
    if (!symbols.symbols.includes(shown.symbol)) {
      picker.add(new Option(shown.symbol, shown.symbol));
    }
    picker.value = shown.symbol;
    connect();
    setInterval(checkAlive, 1000);
    document.addEventListener('visibilitychange', checkAlive);
    select(shown.symbol, shown.timeframe);
    refreshFeedHealth();
  }

  function pickerSymbols() {
    return new Set(Array.from(document.getElementById('symbol').options, (option) => option.value));
  }

  // Symbols that start trading while the page is open join the picker: looked for after each reconnect (a restart
  // may come with new ones) and when the feed health lists a symbol the picker lacks.
  async function refreshSymbols() {
    try {
      const known = pickerSymbols();
      (await getJson('/api/v1/symbols')).symbols.filter((name) => !known.has(name))
        .forEach((name) => document.getElementById('symbol').add(new Option(name, name)));
    } catch (e) {
      console.warn('tickflow symbols', e);
    }
  }

  // Each refresh starts when the last one ended: a server that hangs must not pile requests up.
  let feedHealthAsOf = null;
  const missedSymbols = new Set();

  async function refreshFeedHealth() {
    const table = document.getElementById('feed-health');
    const status = document.getElementById('feed-health-status');
    try {
      const rows = await getJson('/api/v1/feed-health');
      table.tBodies[0].replaceChildren(...rows.map(feedHealthRow));
      const missing = rows.map((row) => row.symbol).filter((name) => !pickerSymbols().has(name));
      // Once per such symbol: one the symbol list does not have (yet) must not cost a list read every 5 s.
      if (missing.some((name) => !missedSymbols.has(name))) {
        missing.forEach((name) => missedSymbols.add(name));
        refreshSymbols();
      }
      table.classList.remove('outdated');
      feedHealthAsOf = Date.now();
      status.textContent = 'as of ' + clockTime(feedHealthAsOf);
    } catch (e) {
      // The rows stay, marked as old: a trader must not read "ok" from a table that no longer updates.
      table.classList.add('outdated');
      status.textContent = 'not updated since '
        + (feedHealthAsOf ? clockTime(feedHealthAsOf) : 'the page opened')
        + ' (' + e.message + ')';
      console.warn('tickflow feed health', e);
    }
    setTimeout(refreshFeedHealth, 5000);
  }

  // A closed market's feed is silent by design: shown closed, not stale, whatever the age of its last trade.
  function feedHealthState(row) {
    if (row.stale) {
      return 'stale';
    }
    return row.market === 'closed' ? 'closed' : 'ok';
  }

  // The last change of the symbol's stale-feed alert and its reason, as on the alerts topic; blank if none yet.
  function feedHealthAlert(row) {
    if (!row.reason) {
      return '';
    }
    return (row.stale ? 'raised' : 'resolved') + ': ' + row.reason;
  }

  function feedHealthRow(row) {
    const state = feedHealthState(row);
    const tr = tableRow(state === 'ok' ? '' : state, [row.symbol, timeOfDay(row.lastTrade),
      (row.ageMillis / 1000).toFixed(1), state === 'stale' ? 'STALE' : state, feedHealthAlert(row)]);
    tr.cells[1].title = row.lastTrade ?? '';
    return tr;
  }

  init().catch((e) => setStatus('down', e.message));
})();
