// Linli dashboard: the little script every page loads. It sends the CSRF token with every state-changing
// request, logs out, and fills [data-api] blocks from the JSON APIs (text only: never innerHTML with data).
(function () {
  'use strict';
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  }
  function send(method, url, body) {
    var headers = { 'X-CSRF-Token': csrf(), 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(url, { method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) });
  }
  window.Linli = { csrf: csrf, send: send, post: function (url, body) { return send('POST', url, body); } };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function cell(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') return JSON.stringify(v);
    return v;
  }
  function table(rows) {
    var cols = [];
    rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (cols.indexOf(k) < 0) cols.push(k); }); });
    var t = el('table'), head = el('tr');
    cols.forEach(function (c) { head.appendChild(el('th', c)); });
    var thead = el('thead'); thead.appendChild(head); t.appendChild(thead);
    var tbody = el('tbody');
    rows.forEach(function (r) {
      var tr = el('tr');
      cols.forEach(function (c) { tr.appendChild(el('td', cell(r[c]))); });
      tbody.appendChild(tr);
    });
    t.appendChild(tbody);
    var wrap = el('div', null, 'scroll'); wrap.appendChild(t);
    return wrap;
  }
  function render(box, data) {
    box.textContent = '';
    var rows = Array.isArray(data) ? data : (data && Array.isArray(data.items) ? data.items : null);
    if (rows) {
      box.appendChild(rows.length ? table(rows) : el('p', box.dataset.msgEmpty));
    } else if (data && typeof data === 'object') {
      box.appendChild(table(Object.keys(data).map(function (k) { return { key: k, value: cell(data[k]) }; })));
    } else {
      box.appendChild(el('p', cell(data)));
    }
  }
  function load(box) {
    box.textContent = box.dataset.msgLoading || '';
    fetch(box.dataset.api, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        if (r.status === 404) { box.textContent = box.dataset.msgMissing; return null; }
        if (r.status === 401) { location.href = '/login'; return null; }
        if (!r.ok) { box.textContent = (box.dataset.msgError || 'error') + ' (' + r.status + ')'; return null; }
        return r.json();
      })
      .then(function (data) { if (data !== null) render(box, data); })
      .catch(function () { box.textContent = box.dataset.msgError || 'error'; });
  }
  function charts() {
    if (!window.echarts) return;
    document.querySelectorAll('[data-bar-chart]').forEach(function (box) {
      var spec = JSON.parse(box.getAttribute('data-bar-chart'));
      var chart = window.echarts.init(box);
      chart.setOption({
        animation: false,
        grid: { left: 44, right: 10, top: 34, bottom: 64 },
        xAxis: { type: 'category', data: spec.labels, axisLabel: { rotate: 30 } },
        yAxis: { type: 'value', name: spec.unit },
        series: [{ type: 'bar', data: spec.values, itemStyle: { color: '#0b3d66' } }]
      });
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }
  // <form data-json-post="/api/..."> posts its fields as JSON with the CSRF token; reloads on success,
  // shows the answer's error text in [data-form-error] otherwise.
  function jsonForms() {
    document.querySelectorAll('form[data-json-post]').forEach(function (form) {
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var body = {};
        new FormData(form).forEach(function (v, k) { body[k] = v; });
        var out = form.querySelector('[data-form-error]');
        Linli.post(form.dataset.jsonPost, body).then(function (r) {
          if (r.ok) { location.reload(); return null; }
          return r.json().catch(function () { return {}; }).then(function (j) {
            if (out) out.textContent = (j && (j.error || j.message)) || String(r.status);
          });
        });
      });
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    jsonForms();
    var out = document.getElementById('logout');
    if (out) out.addEventListener('click', function () {
      Linli.post('/logout').finally(function () { location.href = '/login'; });
    });
    document.querySelectorAll('[data-api]').forEach(load);
    charts();
    var refresh = document.querySelector('[data-refresh]');
    if (refresh) setTimeout(function () { location.reload(); }, 1000 * Number(refresh.dataset.refresh));
  });
})();
