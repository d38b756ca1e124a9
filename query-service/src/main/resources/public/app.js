// Tickflow live chart: loads the symbol list and timeframes over REST, then follows bars and quotes over /ws
// (snapshot, then numbered updates). window.tickflowState exposes what is drawn, for the browser test.
(function () {
  'use strict';

  const UP = '#26a69a';
  const DOWN = '#ef5350';
  const apiKey = new URLSearchParams(window.location.search).get('api_key');
  const headers = apiKey ? { 'X-API-Key': apiKey } : {};
  const state = { symbol: null, timeframe: null, candles: 0, loads: 0, updates: 0, lastSeq: 0, quote: null };
  window.tickflowState = state;

  const chartElement = document.getElementById('chart');
  const chart = LightweightCharts.createChart(chartElement, {
    autoSize: true,
    layout: { background: { color: '#0f1419' }, textColor: '#d1d4dc' },
    grid: { vertLines: { color: '#1e222d' }, horzLines: { color: '#1e222d' } },
    timeScale: { timeVisible: true, secondsVisible: false },
  });
  const candles = chart.addSeries(LightweightCharts.CandlestickSeries, {
    upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN,
  });
  const volume = chart.addSeries(LightweightCharts.HistogramSeries, {
    priceFormat: { type: 'volume' }, priceScaleId: 'volume',
  });
  chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });

  function toCandle(bar) {
    return { time: Date.parse(bar.start) / 1000, open: bar.open, high: bar.high, low: bar.low, close: bar.close };
  }

  function toVolume(bar) {
    return { time: Date.parse(bar.start) / 1000, value: bar.volume, color: bar.close >= bar.open ? UP : DOWN };
  }

  async function getJson(path) {
    const response = await fetch(path, { headers });
    if (!response.ok) {
      throw new Error(path + ' answered ' + response.status);
    }
    return response.json();
  }

  // --- WebSocket: one connection, resubscribed on symbol or timeframe change, reconnected when lost -----------
  let socket = null;
  let subscriptions = [];

  function connect() {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(scheme + '://' + window.location.host + '/ws'
      + (apiKey ? '?api_key=' + encodeURIComponent(apiKey) : ''));
    socket.onopen = () => {
      setStatus('live', 'live');
      subscriptions.forEach(send);
    };
    socket.onclose = () => {
      setStatus('down', 'disconnected, retrying');
      setTimeout(connect, 2000);
    };
    socket.onmessage = (event) => onMessage(JSON.parse(event.data));
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function follow(symbol, timeframe) {
    subscriptions.forEach((s) => send(Object.assign({}, s, { type: 'unsubscribe' })));
    subscriptions = [
      { type: 'subscribe', channel: 'bars', symbol: symbol, timeframe: timeframe },
      { type: 'subscribe', channel: 'quotes', symbol: symbol },
    ];
    candles.setData([]);
    volume.setData([]);
    state.candles = 0;
    subscriptions.forEach(send);
  }

  function currentBarsSub() {
    return 'bars:' + state.symbol + ':' + state.timeframe;
  }

  function onMessage(message) {
    if (message.type === 'heartbeat') {
      send({ type: 'heartbeat' });
      return;
    }
    if (message.type === 'error') {
      console.warn('tickflow', message.code, message.message);
      return;
    }
    if (message.sub === currentBarsSub()) {
      onBars(message);
    } else if (message.sub === 'quotes:' + state.symbol && message.data) {
      showQuote(message.data);
    }
  }

  function onBars(message) {
    state.lastSeq = message.seq;
    if (message.type === 'snapshot') {
      const bars = message.data ? message.data.bars : [];
      candles.setData(bars.map(toCandle));
      volume.setData(bars.map(toVolume));
      state.candles = bars.length;
      state.loads += 1;
      chart.timeScale().fitContent();
    } else if (message.type === 'update') {
      const before = candles.data().length;
      draw(candles, toCandle(message.data));
      draw(volume, toVolume(message.data));
      state.candles = candles.data().length;
      state.updates += state.candles >= before ? 1 : 0;
    }
  }

  // A bar older than the newest candle (revised by a late trade, or made final after the next one opened) replaces
  // its candle in place, or is inserted: the chart throws on a plain update() older than its last point.
  function draw(series, point) {
    const data = series.data();
    if (data.length === 0 || point.time >= data[data.length - 1].time) {
      series.update(point);
    } else if (data.some((existing) => existing.time === point.time)) {
      series.update(point, true);
    } else {
      series.setData(data.concat([point]).sort((a, b) => a.time - b.time));
    }
  }

  function showQuote(quote) {
    state.quote = quote;
    document.getElementById('bid').textContent = quote.bidPrice ?? '-';
    document.getElementById('bid-size').textContent = quote.bidSize ?? '-';
    document.getElementById('ask').textContent = quote.askPrice ?? '-';
    document.getElementById('ask-size').textContent = quote.askSize ?? '-';
    document.getElementById('quote-time').textContent = quote.time;
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
    follow(symbol, timeframe);
  }

  // The service is starting or rebalancing (503), or nothing has traded yet (a demo just started): try again rather
  // than stay a dead or empty page until reloaded.
  function initLater(reason) {
    setStatus('down', reason + ', retrying');
    setTimeout(init, 2000);
  }

  async function init() {
    let symbols;
    let timeframes;
    try {
      [symbols, timeframes] = await Promise.all([getJson('/api/v1/symbols'), getJson('/api/v1/timeframes')]);
    } catch (e) {
      initLater(e.message);
      return;
    }
    if (symbols.symbols.length === 0) {
      initLater('no symbol yet');
      return;
    }
    const picker = document.getElementById('symbol');
    symbols.symbols.forEach((symbol) => picker.add(new Option(symbol, symbol)));
    picker.onchange = () => select(picker.value, state.timeframe);
    const group = document.getElementById('timeframes');
    timeframes.timeframes.forEach((tf) => {
      const button = document.createElement('button');
      button.textContent = tf;
      button.dataset.tf = tf;
      button.onclick = () => select(state.symbol, tf);
      group.appendChild(button);
    });
    connect();
    select(symbols.symbols[0], timeframes.timeframes[0]);
    refreshFeedHealth();
    setInterval(refreshFeedHealth, 5000);
  }

  async function refreshFeedHealth() {
    try {
      const rows = await getJson('/api/v1/feed-health');
      const body = document.querySelector('#feed-health tbody');
      body.replaceChildren(...rows.map((row) => {
        const tr = document.createElement('tr');
        tr.className = row.stale ? 'stale' : '';
        [row.symbol, row.lastTrade, (row.ageMillis / 1000).toFixed(1), row.stale ? 'STALE' : 'ok']
          .forEach((text) => {
            const td = document.createElement('td');
            td.textContent = text;
            tr.appendChild(td);
          });
        return tr;
      }));
    } catch (e) {
      console.warn('tickflow feed health', e);
    }
  }

  init().catch((e) => setStatus('down', e.message));
})();
