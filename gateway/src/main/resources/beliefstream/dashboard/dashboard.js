// BeliefStream live dashboard. Data: GET-free, two Server-Sent Event feeds from the gateway:
//   /v1/events                 a throttled snapshot (top streams by anomaly score + service panel) every push interval
//   /v1/streams/{id}/events    'history' (recent chart points) once, then 'prediction' batches for the selected stream
// window.__beliefstream exposes the page's state for tests and for anyone debugging in the console.
(() => {
  'use strict';
  const MAX_POINTS = 300;
  const MAX_RATE_POINTS = 120;
  const HORIZON_COLOURS = ['#5cc8ff', '#b18cff', '#ffb547', '#3ddc97', '#ff8fab'];
  const status = window.__beliefstream = {
    connected: false, snapshots: 0, streams: 0, selected: null, predictions: 0, errors: [],
    charts: { series: 0, forecast: 0, score: 0, code: 0, throughput: 0 }, scoreSource: null, ready: false
  };
  const $ = (id) => document.getElementById(id);
  let token = new URLSearchParams(location.hash.slice(1)).get('token') || localStorage.getItem('beliefstream.token') || '';
  let dashboardFeed = null, streamFeed = null, selected = null, userSelected = false;
  let points = [];
  let intervalLevel = null;
  const rates = [];
  let dirty = false;

  Chart.defaults.color = '#8b97b0';
  Chart.defaults.borderColor = '#26324a';
  Chart.defaults.font.size = 11;
  Chart.defaults.animation = false;

  const fmt = (v, digits = 2) => v === null || v === undefined || Number.isNaN(v) ? '—'
    : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : Number(v).toFixed(digits);
  const timeTick = (span) => (value) => {
    const d = new Date(value);
    const iso = d.toISOString();
    return span > 2 * 86400000 ? iso.slice(5, 10) + ' ' + iso.slice(11, 16)
      : span > 600000 ? iso.slice(11, 16) : iso.slice(11, 19);
  };
  const withToken = (url) => token ? url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token) : url;

  function lineChart(canvas, datasets, extra = {}) {
    return new Chart(canvas, {
      type: 'line',
      data: { datasets },
      options: Object.assign({
        responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        elements: { point: { radius: 0 }, line: { borderWidth: 1.6, tension: 0 } },
        plugins: { legend: { labels: { boxWidth: 10, boxHeight: 10, usePointStyle: false } } },
        scales: { x: { type: 'linear', ticks: { maxTicksLimit: 7, maxRotation: 0, callback: timeTick(0) } }, y: { grace: '5%' } }
      }, extra)
    });
  }

  // Series chart: observed line on top, then for each horizon a band [lower, upper] and its mean (dashed)
  const seriesChart = lineChart($('seriesChart'), [{ label: 'observed', data: [], borderColor: '#e6ebf5', borderWidth: 2, order: 0 }]);
  const scoreChart = lineChart($('scoreChart'), [
    { label: 'score', data: [], borderColor: '#ff5d73', backgroundColor: 'rgba(255,93,115,.15)', fill: 'origin' },
    { label: 'threshold', data: [], borderColor: '#ffb547', borderDash: [6, 4], borderWidth: 1.2 }
  ]);
  const codeChart = new Chart($('codeChart'), {
    type: 'scatter',
    data: { datasets: [{ label: 'code', data: [], borderColor: '#3ddc97', backgroundColor: '#3ddc97', pointRadius: 2, showLine: true, stepped: true, borderWidth: 1 }] },
    options: { responsive: true, maintainAspectRatio: false, parsing: false, plugins: { legend: { display: false } },
      scales: { x: { type: 'linear', ticks: { maxTicksLimit: 6, maxRotation: 0, callback: timeTick(0) } }, y: { ticks: { precision: 0 } } } }
  });
  const throughputChart = lineChart($('throughputChart'), [
    { label: 'obs/s', data: [], borderColor: '#5cc8ff', backgroundColor: 'rgba(92,200,255,.12)', fill: 'origin', yAxisID: 'y' },
    { label: 'p99 µs', data: [], borderColor: '#ffb547', yAxisID: 'y1' }
  ], {
    plugins: { legend: { position: 'right', labels: { boxWidth: 8, boxHeight: 8, font: { size: 10 } } } },
    scales: { x: { type: 'linear', display: false }, y: { beginAtZero: true, ticks: { maxTicksLimit: 3 } },
      y1: { position: 'right', beginAtZero: true, grid: { display: false }, ticks: { maxTicksLimit: 3 } } }
  });

  function setConnected(ok, text) {
    status.connected = ok;
    const c = $('conn');
    c.textContent = text || (ok ? 'live' : 'reconnecting…');
    c.className = 'pill conn ' + (ok ? 'up' : 'down');
    c.dataset.state = ok ? 'live' : 'down';
  }

  async function start() {
    try {
      const r = await fetch('/v1/service', { headers: token ? { Authorization: 'Bearer ' + token } : {} });
      if (r.status === 401 || r.status === 403) {
        askToken();
        return;
      }
    } catch (e) {
      status.errors.push(String(e));
    }
    $('auth').textContent = token ? 'token' : '';
    openDashboardFeed();
  }

  function askToken() {
    const d = $('tokenDialog');
    setConnected(false, 'token needed');
    d.addEventListener('close', () => {
      token = $('tokenInput').value.trim();
      localStorage.setItem('beliefstream.token', token);
      start();
    }, { once: true });
    d.showModal();
  }

  function openDashboardFeed() {
    if (dashboardFeed) dashboardFeed.close();
    dashboardFeed = new EventSource(withToken('/v1/events'));
    dashboardFeed.onopen = () => setConnected(true);
    dashboardFeed.onerror = () => setConnected(false);
    dashboardFeed.addEventListener('snapshot', (e) => onSnapshot(JSON.parse(e.data)));
  }

  function onSnapshot(s) {
    status.snapshots++;
    setConnected(true);
    status.streams = s.total_streams;
    $('streamCount').textContent = s.total_streams + (s.total_streams === 1 ? ' stream' : ' streams');
    renderService(s.service || {});
    renderStreams(s.streams || []);
    if (!userSelected && s.streams && s.streams.length && (!selected || !s.streams.some((x) => x.stream === selected))) {
      select(s.streams[0].stream, false);
    }
  }

  function latency(p50, p99) {
    const one = (ms) => ms < 1 ? `${Math.round(ms * 1000)} µs` : `${fmt(ms, 1)} ms`;
    return `${one(p50)} · ${one(p99)}`;
  }

  function renderService(sv) {
    status.service = sv;
    $('obsRate').textContent = fmt(sv.observations_per_s, 1);
    $('predRate').textContent = fmt(sv.predictions_per_s, 1);
    const st = sv.step_latency_ms || {};
    $('stepLatency').textContent = st.p50 === undefined || st.p50 === null ? '—' : latency(st.p50, st.p99);
    $('lag').textContent = fmt(sv.consumer_lag, 0);
    $('active').textContent = fmt(sv.active_streams, 0);
    $('dead').textContent = fmt(sv.dead_letters_total, 0);
    const models = (sv.models || []).map((m) => m.name + ' ' + m.version);
    $('models').textContent = 'model: ' + (models.length ? models.join(', ') : '—');
    const cb = sv.codebooks || [];
    $('codebook').textContent = cb.length
      ? cb.map((c) => `${c.model}: perplexity ${fmt(c.perplexity, 1)}, live ${fmt(c.live_codes, 0)}/${fmt(c.size, 0)}`).join(' · ')
      : 'none: the active model has no codebook';
    if (sv.observations_per_s !== null && sv.observations_per_s !== undefined) {
      const now = Date.now();
      rates.push([now, sv.observations_per_s, st.p99 === undefined || st.p99 === null ? null : st.p99 * 1000]);
      while (rates.length > MAX_RATE_POINTS) rates.shift();
      throughputChart.data.datasets[0].data = rates.map((r) => ({ x: r[0], y: r[1] }));
      throughputChart.data.datasets[1].data = rates.filter((r) => r[2] !== null).map((r) => ({ x: r[0], y: r[2] }));
      status.charts.throughput = rates.length;
      throughputChart.update('none');
    }
  }

  function scoreBar(score) {
    if (score === null || score === undefined) return '';
    const cls = score >= 0.9 ? 'bad' : score >= 0.6 ? 'warn' : '';
    return `<span class="bar"><i class="${cls}" style="width:${Math.round(score * 100)}%"></i></span>`;
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function renderStreams(list) {
    $('noStreams').hidden = list.length > 0;
    const anyScore = list.some((s) => s.score !== null && s.score !== undefined);
    $('sortHint').textContent = anyScore ? 'by anomaly score' : 'by raw surprise (no calibrated score from this model)';
    $('streamRows').innerHTML = list.map((s, i) => `
      <tr data-stream="${esc(s.stream)}" data-score="${s.score === null || s.score === undefined ? '' : s.score}" class="${s.stream === selected ? 'selected' : ''}">
        <td>${i + 1}</td><td class="id" title="${esc(s.stream)}">${esc(s.stream)}</td>
        <td class="num">${scoreBar(s.score)}${fmt(s.score, 2)}</td>
        <td class="num">${fmt(s.surprise, 2)}</td>
        <td class="num">${fmt(s.observation && s.observation[0], 2)}</td>
      </tr>`).join('');
  }

  $('streamRows').addEventListener('click', (e) => {
    const tr = e.target.closest('tr');
    if (tr) select(tr.dataset.stream, true);
  });

  function select(stream, byUser) {
    if (byUser) userSelected = true;
    if (stream === selected) return;
    selected = stream;
    status.selected = stream;
    points = [];
    intervalLevel = null;
    dirty = true;
    $('facts').innerHTML = '';
    $('title').textContent = stream;
    document.querySelectorAll('#streamRows tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.stream === stream));
    if (streamFeed) streamFeed.close();
    streamFeed = new EventSource(withToken('/v1/streams/' + encodeURIComponent(stream) + '/events'));
    streamFeed.addEventListener('history', (e) => {
      const h = JSON.parse(e.data);
      points = h.points || [];
      if (h.latest) {
        intervalLevel = h.latest.interval_level;
        renderFacts(h.latest);
      }
      dirty = true;
    });
    streamFeed.addEventListener('prediction', (e) => {
      const d = JSON.parse(e.data);
      status.predictions++;
      // the server subscribes this feed before it takes the history, so that nothing falls between the two: a
      // prediction absorbed in between is in the history and comes again as an event; keep it once (seq is per stream)
      const last = points.length ? points[points.length - 1] : null;
      if (last && last.seq != null && d.point.seq != null && d.point.seq <= last.seq) return;
      points.push(d.point);
      intervalLevel = d.prediction.interval_level;
      if (points.length > MAX_POINTS) points.splice(0, points.length - MAX_POINTS);
      renderFacts(d.prediction);
      dirty = true;
    });
  }

  function renderFacts(p) {
    const f = (p.forecasts || []).map((x) => `+${x.horizon}: <b>${fmt(x.mean[0])}</b> [${fmt(x.lower[0])}, ${fmt(x.upper[0])}]`);
    const a = p.anomaly ? `score <b>${fmt(p.anomaly.score)}</b> / threshold ${fmt(p.anomaly.threshold)}` : 'no calibrated score';
    const vq = p.vq ? `VQ code <b>${p.vq.code}</b>` : '';
    // multivariate streams: the dimensions the anomaly comes from (docs/schemas.md, anomaly.dimensions)
    const dims = p.anomaly && Array.isArray(p.anomaly.dimensions) ? p.anomaly.dimensions : null;
    status.blamed = dims;
    if (dims && dims.length && p.anomaly.flag) {
      // the flagged predictions shown, with the dimension named first (the last 50)
      status.flagged = (status.flagged || []).concat([{ stream: p.stream, seq: p.seq, dim: Number(dims[0].dim) }]).slice(-50);
    }
    const blamed = dims === null ? '' : dims.length === 0 ? 'dimensions: <b>none yet</b>'
      : `<span class="blamed${p.anomaly.flag ? ' alert' : ''}" id="blamed">from ${dims.map((d) =>
        `<b>values[${Number(d.dim)}]</b> ${Math.round(Number(d.share) * 100)}%`).join(', ')}</span>`;
    const dim = p.observation && p.observation.length > 1 ? ` (dimension 0 of ${p.observation.length})` : '';
    $('facts').innerHTML = [`seq <b>${p.seq}</b>`, `value <b>${fmt(p.observation && p.observation[0])}</b>${dim}`, a,
      blamed, vq,
      `${esc(p.model.name)} ${esc(p.model.version)}`, `${Math.round((p.interval_level || 0) * 100)}% intervals`]
      .concat(f).filter(Boolean).map((x) => `<span>${x}</span>`).join('');
  }

  function medianStep(ps) {
    const d = [];
    for (let i = Math.max(1, ps.length - 50); i < ps.length; i++) d.push(ps[i].t - ps[i - 1].t);
    d.sort((a, b) => a - b);
    return d.length ? Math.max(1, d[Math.floor(d.length / 2)]) : 1000;
  }

  function renderStream() {
    if (!dirty) return;
    dirty = false;
    const ps = points;
    const step = medianStep(ps);
    const horizons = ps.length ? ps[ps.length - 1].f.map((f) => f[0]) : [];
    const ds = [{ label: 'observed', data: ps.filter((p) => p.x !== null).map((p) => ({ x: p.t, y: p.x })),
      borderColor: '#e6ebf5', borderWidth: 2, order: 0 }];
    let forecastPoints = 0;
    horizons.forEach((h, k) => {
      const colour = HORIZON_COLOURS[k % HORIZON_COLOURS.length];
      const at = (p) => p.t + h * step;
      const rows = ps.filter((p) => p.f[k] && p.f[k][2] !== null && p.f[k][3] !== null);
      forecastPoints += rows.length;
      ds.push({ label: `+${h} lower`, data: rows.map((p) => ({ x: at(p), y: p.f[k][2] })), borderColor: 'transparent',
        pointRadius: 0, order: 10 + k, hiddenLegend: true });
      const band = intervalLevel ? `${Math.round(100 * intervalLevel)}% interval` : 'interval';
      ds.push({ label: `+${h} step${h > 1 ? 's' : ''} (${band})`, data: rows.map((p) => ({ x: at(p), y: p.f[k][3] })),
        borderColor: 'transparent', backgroundColor: colour + '2e', fill: '-1', pointRadius: 0, order: 10 + k });
      ds.push({ label: `+${h} mean`, data: rows.map((p) => ({ x: at(p), y: p.f[k][1] })), borderColor: colour,
        borderDash: [5, 3], borderWidth: 1.2, order: 5 + k, hiddenLegend: true });
    });
    seriesChart.data.datasets = ds;
    seriesChart.options.plugins.legend.labels.filter = (item, data) => !data.datasets[item.datasetIndex].hiddenLegend;
    const span = ps.length ? ps[ps.length - 1].t - ps[0].t : 0;
    // exact data bounds: "nice" rounding of a millisecond axis can leave most of the chart empty
    const tMin = ps.length ? ps[0].t : undefined;
    const tMax = ps.length ? ps[ps.length - 1].t : undefined;
    const reach = horizons.length ? Math.max(...horizons) * step : 0;
    seriesChart.options.scales.x.min = tMin;
    seriesChart.options.scales.x.max = tMax === undefined ? undefined : tMax + reach;
    [scoreChart, codeChart].forEach((c) => {
      c.options.scales.x.min = tMin;
      c.options.scales.x.max = tMax;
    });
    seriesChart.options.scales.x.ticks.callback = timeTick(span);
    $('seriesHint').textContent = ps.length ? `${ps.length} points, dimension 0, forecasts placed at t + h × ${step >= 60000 ? Math.round(step / 60000) + ' min' : Math.round(step / 1000) + ' s'}` : '';
    seriesChart.update('none');

    const hasScore = ps.some((p) => p.score !== null);
    status.scoreSource = hasScore ? 'anomaly.score' : 'surprise';
    $('scoreTitle').textContent = hasScore ? 'Anomaly score and threshold'
      : 'Raw surprise (NLL under the shortest-horizon forecast) — this model gives no calibrated score';
    scoreChart.data.datasets[0].label = hasScore ? 'score' : 'surprise (nats)';
    scoreChart.data.datasets[0].data = ps.filter((p) => (hasScore ? p.score : p.surprise) !== null)
      .map((p) => ({ x: p.t, y: hasScore ? p.score : p.surprise }));
    scoreChart.data.datasets[1].data = ps.filter((p) => p.threshold !== null).map((p) => ({ x: p.t, y: p.threshold }));
    scoreChart.data.datasets[1].hiddenLegend = scoreChart.data.datasets[1].data.length === 0;
    scoreChart.options.plugins.legend.labels.filter = (item, data) => !data.datasets[item.datasetIndex].hiddenLegend;
    scoreChart.options.scales.y.max = hasScore ? 1 : undefined;
    scoreChart.options.scales.y.min = hasScore ? 0 : undefined;
    scoreChart.options.scales.x.ticks.callback = timeTick(span);
    scoreChart.update('none');

    const codes = ps.filter((p) => p.code !== null).map((p) => ({ x: p.t, y: p.code }));
    codeChart.data.datasets[0].data = codes;
    codeChart.options.scales.x.ticks.callback = timeTick(span);
    codeChart.options.scales.x.ticks.display = codes.length > 0;
    codeChart.options.scales.y.ticks.display = codes.length > 0;
    $('codeOverlay').hidden = codes.length > 0;
    codeChart.update('none');

    status.charts.series = ds[0].data.length;
    status.charts.forecast = forecastPoints;
    status.charts.score = scoreChart.data.datasets[0].data.length;
    status.charts.code = codes.length;
    status.ready = status.charts.series > 0 && status.charts.forecast > 0 && status.charts.score > 0;
    document.body.dataset.ready = String(status.ready);
  }

  setInterval(renderStream, 400);
  start();
})();
