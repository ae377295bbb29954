// Linli spaces pages. The map page: the site plan (Leaflet CRS.Simple with the plan as an image overlay;
// or tiles from linli.map.tile-url when no plan is uploaded) with one marker per space of the user's grids,
// coloured by status, and the list in the same colours, both refreshed every 10 s from /api/spaces/map; the
// admin uploads a plan and places the spaces (choose, then tap the map; or drag a marker). The space page:
// the day or week charts of noise (with the limit line) and occupancy from /api/spaces/{id}/series.
// Text only: every value from the APIs goes through textContent, never innerHTML.
(function () {
  'use strict';
  var app = document.getElementById('spaces-app');
  if (!app) return;
  var EN = app.dataset.lang === 'en';
  var ZONE = app.dataset.zone || undefined;
  var REFRESH_MS = 10000;
  var T = {
    noisy: ['噪声超标', 'Over the limit'], occupied: ['有人占用', 'Occupied'], offline: ['无数据', 'No data'],
    quiet: ['正常', 'Quiet'], vacant: ['空闲', 'vacant'], unknown: ['未知', 'unknown'],
    limit: ['限值', 'Limit'], laeq: ['LAeq', 'LAeq'], share: ['占用比例', 'Occupied'],
    forbidden: ['无权查看此空间（403）', 'Not allowed for this space (403)'], notFound: ['没有此空间', 'No such space'],
    loadError: ['加载失败', 'Could not load'], unavailable: ['InfluxDB 暂时无法访问，曲线暂缺。', 'InfluxDB cannot be reached: no curves for now.'],
    noData: ['此时段没有读数。', 'No readings in this period.'], uploaded: ['平面图已上传。', 'Plan uploaded.'],
    saved: ['位置已保存：', 'Place saved: '], chooseFile: ['请先选择图片文件。', 'Choose an image file first.'],
    notPlaced: ['（未放置）', '(not placed)'],
    'plan-not-image': ['不是 PNG 或 JPEG 图片（按文件内容检查，不看文件名）。', 'Not a PNG or JPEG image (its content was checked, not its name).'],
    'plan-oversize': ['文件太大。', 'The file is too large.'], 'plan-empty': ['文件是空的。', 'The file is empty.'],
    'plan-bad-size': ['图片尺寸不合适。', 'The image size is not acceptable.']
  };
  function t(key) { var p = T[key]; return p ? p[EN ? 1 : 0] : key; }
  function num(v) { return v === null || v === undefined ? '—' : String(Math.round(v * 10) / 10); }
  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (r.status === 401) { location.href = '/login'; return Promise.reject(new Error('401')); }
      if (!r.ok) { var e = new Error(String(r.status)); e.status = r.status; return Promise.reject(e); }
      return r.json();
    });
  }
  function errorText(e) {
    var s = e && e.status;
    return s === 403 ? t('forbidden') : s === 404 ? t('notFound') : t('loadError') + (s ? ' (' + s + ')' : '');
  }
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  }
  function send(method, url, body, contentType) {
    return fetch(url, { method: method, credentials: 'same-origin', body: body,
      headers: { 'X-CSRF-Token': csrf(), 'Accept': 'application/json', 'Content-Type': contentType } })
      .then(function (r) {
        if (r.ok || r.status === 204) return r;
        return r.json().catch(function () { return {}; }).then(function (j) {
          var e = new Error((j && (j.error || j.message)) || String(r.status));
          e.status = r.status; e.code = j && j.code; throw e;
        });
      });
  }

  // ---- the map page ----
  function mapPage() {
    var box = document.getElementById('space-map');
    var note = document.getElementById('map-note');
    if (!box || !window.L) return;
    var L = window.L;
    var map = null, mode = null, overlayUrl = null, markers = {}, data = null;
    var select = document.getElementById('place-space');

    function latLngOf(s) {
      if (mode === 'plan' && s.x !== null && s.y !== null) {
        return L.latLng(data.plan.height * (1 - s.y), data.plan.width * s.x);
      }
      if (mode === 'geo' && s.lat !== null && s.lon !== null) return L.latLng(s.lat, s.lon);
      return null;
    }
    function positionOf(latlng) {
      if (mode === 'plan') {
        var x = latlng.lng / data.plan.width, y = 1 - latlng.lat / data.plan.height;
        return { x: Math.min(1, Math.max(0, x)), y: Math.min(1, Math.max(0, y)) };
      }
      return { lat: latlng.lat, lon: latlng.lng };
    }
    function label(s) {
      var e = document.createElement('span');
      e.textContent = s.name + (s.noiseLaeq !== null ? ' ' + num(s.noiseLaeq) + ' dB' : '')
        + (s.occupancy === 'occupied' ? ' · ' + t('occupied') : '');
      return e;
    }
    function save(space, latlng) {
      var p = positionOf(latlng);
      var err = document.getElementById('plan-error');
      send('PUT', '/api/spaces/' + encodeURIComponent(space) + '/position', JSON.stringify(p), 'application/json')
        .then(function () { if (err) err.textContent = ''; note.textContent = t('saved') + space; refresh(); })
        .catch(function (e) { if (err) err.textContent = e.message; });
    }
    function setup() {
      var wanted = data.plan ? 'plan' : (data.tileUrl ? 'geo' : null);
      var url = data.plan ? data.plan.url : data.tileUrl;
      if (wanted === mode && url === overlayUrl) return;
      if (map) { map.remove(); map = null; markers = {}; }
      mode = wanted; overlayUrl = url;
      if (!mode) {
        box.hidden = true;
        note.textContent = data.canEdit ? note.dataset.noPlanAdmin : note.dataset.noPlan;
        return;
      }
      box.hidden = false;
      note.textContent = '';
      if (mode === 'plan') {
        var bounds = [[0, 0], [data.plan.height, data.plan.width]];
        map = L.map(box, { crs: L.CRS.Simple, minZoom: -6, maxZoom: 3, zoomSnap: 0.25, attributionControl: false });
        L.imageOverlay(data.plan.url, bounds, { alt: '' }).addTo(map);
        map.fitBounds(bounds);
        map.setMaxBounds(L.latLngBounds(bounds).pad(0.2));
      } else {
        map = L.map(box, { minZoom: 2, maxZoom: 19 });
        L.tileLayer(data.tileUrl, { maxZoom: 19, attribution: data.tileAttribution || '' }).addTo(map);
        var placed = data.spaces.filter(function (s) { return s.lat !== null; }).map(function (s) { return [s.lat, s.lon]; });
        if (placed.length) map.fitBounds(placed, { padding: [30, 30], maxZoom: 18 }); else map.setView([35, 105], 4);
      }
      if (data.canEdit) {
        map.on('click', function (ev) { if (select && select.value) save(select.value, ev.latlng); });
      }
      box.dataset.mode = mode;
    }
    function drawMarkers() {
      var seen = {};
      data.spaces.forEach(function (s) {
        var ll = latLngOf(s);
        if (!ll) return;
        seen[s.space] = true;
        var m = markers[s.space];
        var icon = L.divIcon({ className: 'pin pin-' + s.status, iconSize: [26, 26], iconAnchor: [13, 13] });
        if (!m) {
          m = L.marker(ll, { icon: icon, draggable: data.canEdit, keyboard: true, title: s.name, alt: s.name }).addTo(map);
          m.on('click', function () {
            if (data.canEdit && select) { select.value = m.spaceId; } else { location.href = '/spaces/' + encodeURIComponent(m.spaceId); }
          });
          m.on('dragend', function () { save(m.spaceId, m.getLatLng()); });
          m.spaceId = s.space;
          markers[s.space] = m;
        } else {
          m.setLatLng(ll);
          m.setIcon(icon);
        }
        m.unbindTooltip();
        m.bindTooltip(label(s), { permanent: true, direction: 'right', offset: [12, 0], className: 'pin-label' });
        var el = m.getElement();
        if (el) { el.dataset.space = s.space; el.dataset.status = s.status; el.dataset.grid = s.grid; }
      });
      Object.keys(markers).forEach(function (id) {
        if (!seen[id]) { map.removeLayer(markers[id]); delete markers[id]; }
      });
      box.dataset.markers = String(Object.keys(markers).length);
    }
    function drawList() {
      data.spaces.forEach(function (s) {
        var row = document.querySelector('#spaces tr[data-space="' + CSS.escape(s.space) + '"]');
        if (!row) return;
        row.dataset.status = s.status;
        var st = row.querySelector('[data-cell="status"]');
        st.className = 'st st-' + s.status; st.textContent = t(s.status);
        row.querySelector('[data-cell="noise"]').textContent = s.noiseLaeq === null ? '—' : num(s.noiseLaeq) + ' dB(A)';
        row.querySelector('[data-cell="limit"]').textContent = num(s.limitDb) + ' dB(A)';
        row.querySelector('[data-cell="occupancy"]').textContent = t(s.occupancy);
        row.querySelector('[data-cell="lastSeen"]').textContent = s.lastSeenLocal || '';
      });
      if (select) {
        Array.prototype.forEach.call(select.options, function (o) {
          var s = data.spaces.filter(function (x) { return x.space === o.value; })[0];
          if (s) o.textContent = s.name + (s.x === null && s.lat === null ? ' ' + t('notPlaced') : '');
        });
      }
    }
    function refresh() {
      return getJson('/api/spaces/map').then(function (d) {
        data = d;
        setup();
        if (map) drawMarkers();
        drawList();
        app.dataset.loaded = String(Date.now());
      }).catch(function (e) { if (e.message !== '401') note.textContent = errorText(e); });
    }
    var upload = document.getElementById('plan-upload');
    if (upload) upload.addEventListener('click', function () {
      var input = document.getElementById('plan-file');
      var err = document.getElementById('plan-error');
      var file = input.files && input.files[0];
      if (!file) { err.textContent = t('chooseFile'); return; }
      err.textContent = '';
      send('PUT', '/api/site-plan', file, file.type || 'application/octet-stream')
        .then(function () { note.textContent = t('uploaded'); input.value = ''; return refresh(); })
        .catch(function (e) {
          err.textContent = (e.code && T[e.code] ? t(e.code) : e.message) + (e.status ? ' (' + e.status + ')' : '');
        });
    });
    var unplace = document.getElementById('unplace');
    if (unplace) unplace.addEventListener('click', function () {
      send('DELETE', '/api/spaces/' + encodeURIComponent(select.value) + '/position', undefined, 'application/json')
        .then(refresh).catch(function (e) { document.getElementById('plan-error').textContent = e.message; });
    });
    refresh();
    setInterval(refresh, REFRESH_MS);
  }

  // ---- the space page ----
  function spacePage() {
    var id = app.dataset.space;
    var noiseBox = document.getElementById('noise-series');
    var occBox = document.getElementById('occupancy-series');
    var note = document.getElementById('series-note');
    var buttons = { day: document.getElementById('range-day'), week: document.getElementById('range-week') };
    var charts = {};
    function time(ms, week) {
      var o = { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: ZONE };
      if (week) { o.month = '2-digit'; o.day = '2-digit'; delete o.minute; }
      try { return new Date(ms).toLocaleString(EN ? 'en-GB' : 'zh-CN', o); } catch (e) { return String(ms); }
    }
    function chart(box) {
      if (!charts[box.id]) {
        charts[box.id] = window.echarts.init(box);
        window.addEventListener('resize', function () { charts[box.id].resize(); });
      }
      return charts[box.id];
    }
    function none(box) {
      if (charts[box.id]) { charts[box.id].dispose(); delete charts[box.id]; }
      box.textContent = box.dataset.none;
      box.classList.add('empty');
      box.dataset.points = '0';
    }
    function pairs(list, scale) {
      return list.map(function (p) { return [p.t, p.v === null ? null : p.v * (scale || 1)]; });
    }
    function base(s, week) {
      return {
        animation: false,
        grid: { left: 46, right: 14, top: 34, bottom: 40 },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return typeof v === 'number' ? num(v) : '—'; } },
        xAxis: { type: 'time', min: s.from, max: s.to, axisLabel: { hideOverlap: true, formatter: function (v) { return time(v, week); } } }
      };
    }
    function draw(s) {
      var week = s.range === 'week';
      var counted = function (l) { return l.filter(function (p) { return p.v !== null; }).length; };
      if (!s.hasNoise) { none(noiseBox); } else {
        noiseBox.classList.remove('empty');
        var o = base(s, week);
        o.yAxis = { type: 'value', name: 'dB(A)', scale: true };
        o.series = [
          { name: t('laeq'), type: 'line', showSymbol: false, connectNulls: false, data: pairs(s.noise), lineStyle: { width: 1.5 }, itemStyle: { color: '#0b3d66' } },
          { name: t('limit'), type: 'line', step: 'end', showSymbol: false, data: pairs(s.limit), lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: '#b3261e' } }
        ];
        chart(noiseBox).setOption(o, true);
        noiseBox.dataset.points = String(counted(s.noise));
      }
      if (!s.hasOccupancy) { none(occBox); } else {
        occBox.classList.remove('empty');
        var q = base(s, week);
        q.yAxis = { type: 'value', name: '%', min: 0, max: 100 };
        q.series = [{ name: t('share'), type: 'line', step: 'end', showSymbol: false, areaStyle: { opacity: 0.25 },
          data: pairs(s.occupancy, 100), itemStyle: { color: '#9a5b00' } }];
        chart(occBox).setOption(q, true);
        occBox.dataset.points = String(counted(s.occupancy));
      }
      note.textContent = s.source !== 'ok' ? t('unavailable')
        : (counted(s.noise) + counted(s.occupancy) === 0 ? t('noData') : '');
    }
    function load(range) {
      Object.keys(buttons).forEach(function (k) { buttons[k].setAttribute('aria-pressed', String(k === range)); });
      getJson('/api/spaces/' + encodeURIComponent(id) + '/series?range=' + range).then(function (s) {
        if (!window.echarts) return;
        draw(s);
        app.dataset.range = range;
      }).catch(function (e) { if (e.message !== '401') note.textContent = errorText(e); });
    }
    buttons.day.addEventListener('click', function () { load('day'); });
    buttons.week.addEventListener('click', function () { load('week'); });
    load('day');
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (app.dataset.view === 'map') mapPage();
    if (app.dataset.view === 'space') spacePage();
  });
})();
