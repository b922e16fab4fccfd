// The simrt dashboard's page script: no library, no build step. It reads the state from /events (server-sent
// events) and writes it into the page with textContent only, so nothing it receives is ever parsed as markup.
// The plots are SVG images drawn by the server; images run no script.
'use strict';

(function () {
  var lastRunVersion = -1;
  var lastPlot = 0;

  function byId(id) { return document.getElementById(id); }

  function text(id, value) { byId(id).textContent = String(value); }

  function fmt(x, digits) {
    if (x === null || x === undefined || Number.isNaN(x)) { return '–'; }
    return Number(x).toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 0 : digits });
  }

  function cell(row, value, numeric) {
    var td = document.createElement('td');
    td.textContent = String(value);
    if (numeric) { td.className = 'num'; }
    row.appendChild(td);
    return td;
  }

  function fill(tbody, items, build) {
    var rows = [];
    items.forEach(function (item) { var tr = document.createElement('tr'); build(tr, item); rows.push(tr); });
    tbody.replaceChildren.apply(tbody, rows);
  }

  function render(s) {
    fill(byId('members').tBodies[0], s.members, function (tr, m) {
      tr.dataset.member = m.address;
      cell(tr, m.address + (m.self ? ' (this node)' : ''));
      cell(tr, m.status);
      cell(tr, m.roles.join(', '));
    });
    text('member-count', s.members.length);
    fill(byId('engines').tBodies[0], s.engines, function (tr, e) {
      tr.dataset.engine = e.id;
      cell(tr, e.id);
      cell(tr, e.owner === '' ? '(free)' : e.owner);
      cell(tr, fmt(e.shardsDone), true);
      cell(tr, fmt(e.queued), true);
      var td = cell(tr, '', true);
      var meter = document.createElement('meter');
      meter.min = 0; meter.max = 1; meter.value = e.busy;
      td.appendChild(meter);
      td.appendChild(document.createTextNode(' ' + fmt(100 * e.busy) + ' %'));
      cell(tr, fmt(e.throughput, 1), true);
    });
    text('engine-count', s.engines.length);
    text('requests', s.requestsInFlight);
    text('owned', s.enginesOwned);

    var r = s.run;
    text('run-kind', r.kind || '–');
    text('run-model', r.model || '–');
    text('run-state', r.state);
    text('batches-label', r.kind === 'smc' ? 'Experiments' : 'Batches');
    text('batches-done', fmt(r.batchesDone));
    text('batches-total', fmt(r.batchesTotal));
    var p = byId('batches-progress');
    p.max = Math.max(1, r.batchesTotal); p.value = r.batchesDone;
    text('simulations', fmt(r.simulations));
    text('acceptance', r.simulations > 0 ? fmt(100 * r.acceptanceRate, 3) + ' %' : '–');
    text('ess', r.ess === null ? '–' : fmt(r.ess, 1));
    text('elapsed', fmt(r.seconds, 1) + ' s');
    text('points', fmt(r.points));
    byId('populations').classList.toggle('hidden', r.populations.length === 0);
    fill(byId('populations').tBodies[0], r.populations, function (tr, q) {
      cell(tr, q.round + 1, true);
      cell(tr, fmt(q.threshold, 4), true);
      cell(tr, fmt(q.ess, 1), true);
      cell(tr, fmt(100 * q.acceptanceRate, 3) + ' %', true);
      cell(tr, fmt(q.simulations), true);
    });
    byId('ess-figure').classList.toggle('hidden', r.kind !== 'smc');
    var now = Date.now();
    if (r.version !== lastRunVersion && now - lastPlot > 900) {
      lastRunVersion = r.version;
      lastPlot = now;
      byId('pairs').src = '/plot/pairs.svg?v=' + encodeURIComponent(r.version);
      if (r.kind === 'smc') { byId('ess-plot').src = '/plot/ess.svg?v=' + encodeURIComponent(r.version); }
    }
    byId('throughput').src = '/plot/throughput.svg?t=' + encodeURIComponent(s.time);
    document.body.dataset.updated = String(s.time);
  }

  function connect() {
    var conn = byId('connection');
    var source = new EventSource('/events');
    source.onopen = function () { conn.textContent = 'live'; conn.classList.remove('lost'); };
    source.onmessage = function (ev) { render(JSON.parse(ev.data)); };
    source.onerror = function () {
      conn.textContent = 'disconnected: showing the last state received';
      conn.classList.add('lost');
    };
  }

  document.addEventListener('DOMContentLoaded', connect);
}());
