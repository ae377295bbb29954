// Linli canteen page: today's meals and subsidies per canteen (polled from /api/canteen/today), the anomalies
// to review with accept / reject and a note (POST /api/canteen/anomalies/{id}/resolve), the roster import
// (POST /api/canteen/roster) and the settlement download links for the chosen canteen and month. Text only:
// every value from the APIs goes through textContent, never innerHTML.
(function () {
  'use strict';
  var app = document.getElementById('canteen-app');
  if (!app) return;
  var EN = app.dataset.lang === 'en';
  var ZONE = app.dataset.zone || undefined;
  var REVIEW = JSON.parse(app.dataset.review || '[]');
  var NAMES = JSON.parse(app.dataset.names || '{}');
  var REFRESH = Number(app.dataset.refresh || 15);
  var T = {
    canteen: ['食堂', 'Canteen'], served: ['已供餐', 'Served'], subsidised: ['补贴餐次', 'Subsidised'],
    subsidy: ['补贴金额(元)', 'Subsidy (yuan)'], pending: ['待复核', 'Pending review'], refused: ['不符合', 'Refused'],
    open: ['异常', 'Anomalies'], total: ['合计', 'Total'], updated: ['更新于', 'Updated'],
    none: ['暂无数据。', 'Nothing yet.'], noAnomalies: ['没有待复核的异常。', 'No anomalies to review.'],
    loadError: ['加载失败', 'Could not load'], forbidden: ['无权访问（403）', 'Not allowed (403)'],
    member: ['成员', 'Member'], meal: ['餐次', 'Meal'], method: ['核验', 'Verified by'], offline: ['离线', 'offline'],
    detail: ['说明', 'Detail'], reviewedBy: ['复核人', 'Reviewed by'], note: ['复核说明', 'Review note'],
    notePh: ['复核说明（可选）', 'Review note (optional)'],
    accept: ['核实无误，予以结算', 'Accept: settle'], reject: ['驳回，不予结算', 'Reject: do not settle'],
    failed: ['操作失败', 'Failed'],
    'k.DOUBLE_CLAIM': ['重复领取', 'Double claim'], 'k.FACE_FAILED_BEFORE': ['刷脸失败后改用其他方式', 'Fallback after a failed face match'],
    'k.TWO_CANTEENS': ['短时间内在两个食堂用餐', 'Two canteens in a short time'], 'k.DAILY_LIMIT': ['超出每日补贴上限', 'Over the daily subsidy limit'],
    'st.OPEN': ['待复核', 'To review'], 'st.ACCEPTED': ['已核实', 'Accepted'], 'st.REJECTED': ['已驳回', 'Rejected'],
    'm.face': ['人脸', 'face'], 'm.card': ['刷卡', 'card'], 'm.id': ['身份证', 'ID card'], 'm.pin': ['PIN 码', 'PIN'],
    's.SETTLED': ['已结算', 'settled'], 's.PENDING': ['待复核，未计入结算', 'pending, not in the settlement'],
    's.REJECTED': ['不予结算', 'not settled'], 's.NONE': ['无补贴', 'no subsidy'],
    'w.breakfast': ['早餐', 'breakfast'], 'w.lunch': ['午餐', 'lunch'], 'w.dinner': ['晚餐', 'dinner'],
    imported: ['已导入：名册版本', 'Imported: roster version'], added: ['新增', 'added'], updatedN: ['更新', 'updated'],
    unchanged: ['未变', 'unchanged'], refusedAll: ['未导入任何记录', 'Nothing imported'], line: ['第 {n} 行', 'line {n}'],
    importing: ['正在导入…', 'Importing…']
  };
  function t(key) { var p = T[key]; return p ? p[EN ? 1 : 0] : key; }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function time(iso, withDate) {
    if (!iso) return '—';
    var o = { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: ZONE };
    if (withDate) { o.month = '2-digit'; o.day = '2-digit'; } else { o.second = '2-digit'; }
    try { return new Date(iso).toLocaleString(EN ? 'en-GB' : 'zh-CN', o); } catch (e) { return iso; }
  }
  function yuan(fen) { return (Number(fen) / 100).toFixed(2); }
  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (r.status === 401) { location.href = '/login'; return Promise.reject(new Error('401')); }
      if (!r.ok) { var e = new Error(String(r.status)); e.status = r.status; return Promise.reject(e); }
      return r.json();
    });
  }
  function errorText(e) { return e.status === 403 ? t('forbidden') : t('loadError') + ' (' + (e.status || e.message) + ')'; }

  // ---- today ----
  var lastOpen = null;
  function today() {
    var box = document.getElementById('today');
    if (!box) return Promise.resolve();
    return getJson('/api/canteen/today').then(function (rows) {
      box.textContent = '';
      if (!rows.length) { box.appendChild(el('p', t('none'))); return; }
      var cols = [['served', String], ['subsidised', String], ['subsidyYuan', String], ['pending', String],
        ['refused', String], ['openAnomalies', String]];
      var heads = ['served', 'subsidised', 'subsidy', 'pending', 'refused', 'open'];
      var table = el('table'), head = el('tr');
      table.id = 'today-table';
      head.appendChild(el('th', t('canteen')));
      heads.forEach(function (h) { head.appendChild(el('th', t(h))); });
      var thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
      var tbody = el('tbody'), sum = { served: 0, subsidised: 0, subsidyFen: 0, pending: 0, refused: 0, openAnomalies: 0 };
      rows.forEach(function (r) {
        var tr = el('tr'); tr.dataset.canteen = r.canteen;
        tr.appendChild(el('td', r.name));
        cols.forEach(function (c) {
          var td = el('td', c[1](r[c[0]]), 'num'); td.dataset.field = c[0];
          if (c[0] === 'openAnomalies' && r.openAnomalies > 0) td.className = 'num warn';
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
        ['served', 'subsidised', 'pending', 'refused', 'openAnomalies'].forEach(function (k) { sum[k] += Number(r[k]); });
        sum.subsidyFen += Math.round(Number(r.subsidyYuan) * 100);
      });
      table.appendChild(tbody);
      if (rows.length > 1) {
        var tf = el('tfoot'), tr = el('tr', null, 'total');
        tr.appendChild(el('th', t('total')));
        [sum.served, sum.subsidised, yuan(sum.subsidyFen), sum.pending, sum.refused, sum.openAnomalies]
          .forEach(function (v) { tr.appendChild(el('th', v, 'num')); });
        tf.appendChild(tr); table.appendChild(tf);
      }
      var wrap = el('div', null, 'scroll'); wrap.appendChild(table); box.appendChild(wrap);
      document.getElementById('today-updated').textContent = t('updated') + ' ' + time(new Date().toISOString());
      box.dataset.loaded = String(Date.now());
      // a new anomaly (or one reviewed elsewhere) shows without a reload
      if (lastOpen !== null && lastOpen !== sum.openAnomalies) anomalies();
      lastOpen = sum.openAnomalies;
    }).catch(function (e) { box.textContent = errorText(e); });
  }

  // ---- anomalies ----
  function fact(dl, label, value) {
    if (value === null || value === undefined || value === '') return;
    dl.appendChild(el('dt', label)); dl.appendChild(el('dd', value));
  }
  function reviewBar(a, done) {
    var box = el('div', null, 'actions');
    var input = el('input'); input.type = 'text'; input.className = 'note'; input.maxLength = 1000;
    input.placeholder = t('notePh'); input.setAttribute('aria-label', t('notePh'));
    var out = el('p', null, 'error'); out.setAttribute('role', 'alert');
    var buttons = el('div', null, 'buttons');
    [['accept', 'act act-accept'], ['reject', 'act act-reject']].forEach(function (d) {
      var b = el('button', t(d[0]), d[1]); b.type = 'button'; b.dataset.decision = d[0];
      b.addEventListener('click', function () {
        var body = { decision: d[0] };
        if (input.value.trim()) body.note = input.value.trim();
        Array.prototype.forEach.call(buttons.children, function (x) { x.disabled = true; });
        out.textContent = '';
        Linli.post('/api/canteen/anomalies/' + encodeURIComponent(a.id) + '/resolve', body).then(function (r) {
          if (r.ok) { done(); return null; }
          return r.json().catch(function () { return {}; }).then(function (j) {
            Array.prototype.forEach.call(buttons.children, function (x) { x.disabled = false; });
            out.textContent = (r.status === 403 ? t('forbidden') : t('failed') + ' (' + r.status + ')') +
              (j && (j.error || j.message) ? ': ' + (j.error || j.message) : '');
          });
        });
      });
      buttons.appendChild(b);
    });
    box.appendChild(input); box.appendChild(buttons); box.appendChild(out);
    return box;
  }
  function anomalies() {
    var box = document.getElementById('anomalies');
    if (!box) return;
    var state = document.getElementById('anomaly-state').value;
    getJson('/api/canteen/anomalies?order=newest&limit=200&state=' + encodeURIComponent(state)).then(function (list) {
      box.textContent = '';
      var open = list.filter(function (a) { return a.state === 'OPEN'; }).length;
      var badge = document.getElementById('anomaly-count');
      badge.hidden = open === 0; badge.textContent = String(open);
      if (!list.length) { box.appendChild(el('p', t('noAnomalies'))); }
      list.forEach(function (a) {
        var c = el('article', null, 'anomaly' + (a.state === 'OPEN' ? ' open' : ''));
        c.dataset.anomalyId = String(a.id); c.dataset.state = a.state; c.dataset.canteen = a.canteen; c.dataset.kind = a.kind;
        var h = el('h3');
        h.appendChild(el('span', t('st.' + a.state), 'badge ' + (a.state === 'OPEN' ? 'warn' : a.state === 'ACCEPTED' ? 'ok' : 'none')));
        h.appendChild(document.createTextNode(' ' + t('k.' + a.kind)));
        c.appendChild(h);
        c.appendChild(el('p', (NAMES[a.canteen] || a.canteen) + ' · ' + a.date + ' ' + (a.window ? (T['w.' + a.window] ? t('w.' + a.window) : a.window) : '') + ' · ' + time(a.decidedAt), 'meta'));
        var dl = el('dl', null, 'facts');
        fact(dl, t('member'), (a.displayName ? a.displayName + ' · ' : '') + (a.member || '—'));
        fact(dl, t('subsidy'), yuan(a.subsidyFen) + ' · ' + t('s.' + a.settle));
        fact(dl, t('method'), t('m.' + a.method) + (a.offline ? ' · ' + t('offline') : ''));
        fact(dl, t('detail'), a.detail);
        if (a.state !== 'OPEN') {
          fact(dl, t('reviewedBy'), (a.resolvedBy || '—') + ' · ' + time(a.resolvedAt, true));
          fact(dl, t('note'), a.note);
        }
        c.appendChild(dl);
        if (a.state === 'OPEN' && REVIEW.indexOf(a.canteen) >= 0) {
          c.appendChild(reviewBar(a, function () { anomalies(); today(); }));
        }
        box.appendChild(c);
      });
      box.dataset.loaded = String(Date.now());
    }).catch(function (e) { box.textContent = errorText(e); });
  }

  // ---- settlement ----
  function settlement() {
    var canteen = document.getElementById('settlement-canteen');
    if (!canteen) return;
    var month = document.getElementById('settlement-month');
    var csv = document.getElementById('settlement-csv'), page = document.getElementById('settlement-page');
    function update() {
      var m = /^\d{4}-\d{2}$/.test(month.value) ? month.value : month.defaultValue;
      var c = encodeURIComponent(canteen.value);
      csv.href = '/api/canteen/settlements/' + c + '/' + m + '.csv';
      page.href = '/canteen/settlements/' + c + '/' + m;
    }
    canteen.addEventListener('change', update);
    month.addEventListener('change', update);
    month.addEventListener('input', update);
    document.getElementById('settlement-form').addEventListener('submit', function (ev) { ev.preventDefault(); });
    update();
  }

  // ---- roster import ----
  // The file's bytes go as they are (text/csv): the server checks the encoding and names a GBK file.
  function roster() {
    var form = document.getElementById('roster-form');
    if (!form) return;
    var out = document.getElementById('roster-result');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var file = document.getElementById('roster-file').files[0];
      if (!file) return;
      var button = document.getElementById('roster-import');
      button.disabled = true;
      out.textContent = t('importing');
      out.className = '';
      file.arrayBuffer().then(function (bytes) {
        return fetch('/api/canteen/roster', { method: 'POST', credentials: 'same-origin', body: bytes,
          headers: { 'X-CSRF-Token': Linli.csrf(), 'Content-Type': 'text/csv', 'Accept': 'application/json' } });
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          out.textContent = '';
          if (r.ok) {
            out.className = 'ok';
            out.dataset.result = 'imported';
            out.appendChild(el('p', t('imported') + ' ' + j.version + (EN ? ': ' : '：') + [t('added') + ' ' + j.added,
              t('updatedN') + ' ' + j.updated, t('unchanged') + ' ' + j.unchanged].join(EN ? ', ' : '，')));
            return;
          }
          out.className = 'error';
          out.dataset.result = 'refused';
          out.appendChild(el('p', (r.status === 403 ? t('forbidden') : t('refusedAll') + ' (' + r.status + ')') +
            (j.error ? ': ' + j.error : '')));
          if (j.problems && j.problems.length) {
            var list = el('ul', null, 'problems');
            j.problems.forEach(function (p) {
              list.appendChild(el('li', t('line').replace('{n}', p.line) + (p.column ? ' · ' + p.column : '') +
                (EN ? ': ' : '：') + p.message));
            });
            out.appendChild(list);
          }
        });
      }).catch(function (e) {
        out.className = 'error';
        out.textContent = t('failed') + ': ' + e.message;
      }).finally(function () { button.disabled = false; });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    roster();
    settlement();
    if (!document.getElementById('today')) return;
    var state = document.getElementById('anomaly-state');
    state.addEventListener('change', anomalies);
    today();
    anomalies();
    setInterval(function () { if (!document.hidden) today(); }, REFRESH * 1000);
  });
})();
