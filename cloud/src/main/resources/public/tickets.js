// Linli ticket pages: the live alert feed (SSE /api/events, a visual cue and an optional WebAudio beep),
// the ticket board with its actions, one ticket with its evidence chart and timeline, and the KPIs by week
// and month. Text only: every value from the APIs goes through textContent, never innerHTML.
(function () {
  'use strict';
  var app = document.getElementById('tickets-app');
  if (!app) return;
  var EN = app.dataset.lang === 'en';
  var ZONE = app.dataset.zone || undefined;
  var T = {
    connected: ['已连接，等待告警', 'Connected, waiting for alerts'],
    reconnecting: ['连接中断，正在重连……', 'Disconnected, reconnecting…'],
    none: ['暂无工单。', 'No tickets.'],
    overdue: ['超时', 'Overdue'],
    holder: ['处置人', 'Holder'],
    acceptDue: ['接单时限', 'Accept by'],
    resolveDue: ['办结时限', 'Resolve by'],
    filed: ['立案', 'Filed'],
    notePh: ['备注 / 原因', 'Note / reason'],
    done: ['已处理', 'Done'],
    failed: ['操作失败', 'Failed'],
    forbidden: ['无权查看或操作此工单（403）', 'Not allowed for this ticket (403)'],
    notFound: ['没有此工单', 'No such ticket'],
    loadError: ['加载失败', 'Could not load'],
    closedGroup: ['已关闭 / 不予受理', 'Closed / rejected'],
    seriesNone: ['此类工单没有读数曲线。', 'This kind of ticket has no readings.'],
    limit: ['限值', 'limit'],
    rulesApplied: ['适用规则', 'Rules applied'],
    'src.space rules': ['本空间规则', 'this space\'s rules'], 'src.site rules': ['全站规则', 'site rules'],
    'src.defaults': ['默认', 'defaults'], 'src.rule settings': ['规则设置', 'rule settings'],
    endTime: ['结束时间', 'end time'], cap: ['边界上限', 'boundary cap'], margin: ['裕量', 'margin'],
    window: ['窗口', 'window'], dwell: ['占用时限', 'dwell'], confirm: ['进入确认', 'confirm'],
    cooldown: ['离开冷却', 'cooldown'], minutes: ['分钟', 'min'],
    episode: ['事件', 'episode'],
    period: ['期间', 'Period'],
    grid: ['网格', 'Grid'],
    dispatched: ['派单', 'Dispatched'],
    resolved: ['办结', 'Resolved'],
    responseRate: ['响应率', 'Response rate'],
    resolutionRate: ['办结率', 'Resolution rate'],
    satisfactionRate: ['满意率', 'Satisfaction'],
    overdueCount: ['超时数', 'Overdue'],
    medianAccept: ['接单中位数(分)', 'Median to accept (min)'],
    medianResolve: ['办结中位数(分)', 'Median to resolve (min)'],
    kind: ['类型', 'Kind'], space: ['地点', 'Place'], status: ['状态', 'Status'], level: ['层级', 'Level'],
    peak: ['峰值', 'Peak'], laeq: ['LAeq', 'LAeq'], recheck: ['复查', 'Re-check'], series: ['重复', 'Recurrence'],
    description: ['描述', 'Description'], reporter: ['报告人', 'Reporter'],
    'a.dispatch': ['派单', 'Dispatch'], 'a.accept': ['接单', 'Accept'], 'a.start': ['开始处置', 'Start'],
    'a.resolve': ['办结', 'Resolve'], 'a.evaluate': ['满意', 'Satisfied'], 'a.evaluate-no': ['不满意', 'Not satisfied'],
    'a.close': ['关闭', 'Close'], 'a.return': ['退回', 'Return'], 'a.reject': ['不予受理', 'Reject'],
    'a.note': ['备注', 'Note'], 'a.escalate': ['升级', 'Escalate'],
    photo: ['拍照 / 上传照片', 'Take or add a photo'], uploading: ['正在上传……', 'Uploading…'],
    photoTooLarge: ['照片过大', 'Photo too large'], photoNotImage: ['不是图片（只接受 JPEG、PNG、WebP）', 'Not a photo (JPEG, PNG or WebP only)'],
    photoAlt: ['现场照片', 'Photo of the scene'],
    'st.FILED': ['已立案', 'Filed'], 'st.DISPATCHED': ['已派单', 'Dispatched'], 'st.RETURNED': ['已退回', 'Returned'],
    'st.ACCEPTED': ['已接单', 'Accepted'], 'st.IN_PROGRESS': ['处置中', 'In progress'], 'st.RESOLVED': ['已办结', 'Resolved'],
    'st.EVALUATED': ['已评价', 'Evaluated'], 'st.CLOSED': ['已关闭', 'Closed'], 'st.REJECTED': ['不予受理', 'Rejected'],
    'k.NOISE': ['噪声', 'Noise'], 'k.ENCROACHMENT': ['占用', 'Encroachment'], 'k.DEVICE_OFFLINE': ['设备离线', 'Device offline'],
    'k.RESIDENT_REPORT': ['居民报告', 'Resident report'],
    'l.WORKER': ['网格员', 'Grid worker'], 'l.GRID_HEAD': ['网格长', 'Grid head'], 'l.COMMUNITY': ['社区', 'Community']
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
    var d = new Date(iso);
    var o = { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: ZONE };
    if (withDate) { o.month = '2-digit'; o.day = '2-digit'; } else { o.second = '2-digit'; }
    try { return d.toLocaleString(EN ? 'en-GB' : 'zh-CN', o); } catch (e) { return iso; }
  }
  function pct(v) { return v === null || v === undefined ? '—' : Math.round(v * 1000) / 10 + '%'; }
  function num(v) { return v === null || v === undefined ? '—' : String(Math.round(v * 10) / 10); }
  function json(r) {
    if (r.status === 401) { location.href = '/login'; return Promise.reject(new Error('401')); }
    if (!r.ok) { var e = new Error(String(r.status)); e.status = r.status; return Promise.reject(e); }
    return r.json();
  }
  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(json);
  }
  function errorText(status) {
    return status === 403 ? t('forbidden') : status === 404 ? t('notFound') : t('loadError') + ' (' + status + ')';
  }

  // ---- live feed ----
  var listeners = [];
  var sound = { on: false, ctx: null };
  function beep() {
    if (!sound.on) return;
    try {
      var ctx = sound.ctx || (sound.ctx = new (window.AudioContext || window.webkitAudioContext)());
      var osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.type = 'sine'; osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.25);
      osc.connect(gain); gain.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no audio: the visual cue stays */ }
  }
  function soundToggle() {
    var b = document.getElementById('sound-toggle');
    if (!b) return;
    function show() { b.setAttribute('aria-pressed', sound.on ? 'true' : 'false'); }
    try { sound.on = localStorage.getItem('linli.sound') === 'on'; } catch (e) { sound.on = false; }
    show();
    b.addEventListener('click', function () {
      sound.on = !sound.on;
      try { localStorage.setItem('linli.sound', sound.on ? 'on' : 'off'); } catch (e) { /* private mode */ }
      show();
      if (sound.on) beep();
    });
  }
  var unseen = 0, baseTitle = document.title;
  function cue() {
    unseen++;
    var c = document.getElementById('feed-count');
    if (c) { c.hidden = false; c.textContent = String(unseen); }
    document.title = '(' + unseen + ') ' + baseTitle;
    beep();
  }
  function resetCue() {
    unseen = 0; document.title = baseTitle;
    var c = document.getElementById('feed-count');
    if (c) c.hidden = true;
  }
  function feedItem(e) {
    var list = document.getElementById('feed-list');
    if (!list) return;
    var li = el('li', null, 'alert flash ' + (e.type.indexOf('ticket') === 0 ? 'is-ticket' : 'is-alert'));
    li.dataset.type = e.type;
    if (e.grid) li.dataset.grid = e.grid;
    if (e.ticketId !== null && e.ticketId !== undefined) li.dataset.ticket = String(e.ticketId);
    li.appendChild(el('time', time(e.time), 'muted'));
    li.appendChild(document.createTextNode(' '));
    if (e.ticketId !== null && e.ticketId !== undefined) {
      var a = el('a', e.summary); a.href = '/tickets/' + encodeURIComponent(e.ticketId); li.appendChild(a);
    } else {
      li.appendChild(el('span', e.summary));
    }
    list.insertBefore(li, list.firstChild);
    var keep = Number(document.getElementById('feed').dataset.keep || 20);
    while (list.children.length > keep) list.removeChild(list.lastChild);
    setTimeout(function () { li.classList.remove('flash'); }, 4000);
  }
  var TYPES = ['noise-started', 'noise-updated', 'noise-ended', 'night-impulse', 'encroachment-started',
    'encroachment-ended', 'sensor-offline', 'sensor-back', 'gateway-offline', 'gateway-back',
    'ticket-opened', 'ticket-changed', 'ticket-escalated', 'ticket-event'];
  function connect() {
    if (!window.EventSource || !document.getElementById('feed')) return;
    var state = document.getElementById('feed-state');
    var src = new EventSource('/api/events');
    src.addEventListener('connected', function () {
      state.textContent = t('connected');
      document.getElementById('feed').dataset.connected = 'true';
    });
    TYPES.forEach(function (type) {
      src.addEventListener(type, function (m) {
        var e; try { e = JSON.parse(m.data); } catch (x) { return; }
        feedItem(e);
        if (type !== 'ticket-changed' && type !== 'ticket-event') cue();
        listeners.forEach(function (f) { f(e); });
      });
    });
    // Some events missed while disconnected are no longer kept by the server: reload what the page shows.
    src.addEventListener('replay-gap', function () {
      listeners.forEach(function (f) { f({ type: 'ticket-changed', ticketId: null, gap: true }); });
    });
    src.onerror = function () {
      state.textContent = t('reconnecting');
      document.getElementById('feed').dataset.connected = 'false';
    };
    document.addEventListener('visibilitychange', function () { if (!document.hidden) resetCue(); });
    document.getElementById('feed').addEventListener('click', resetCue);
  }

  // ---- actions ----
  function actionBar(ticket, allowed, transitions, done) {
    var box = el('div', null, 'actions');
    var can = allowed.filter(function (a) { return (transitions[a] || []).indexOf(ticket.status) >= 0; });
    if (!can.length) return box;
    var input = el('input'); input.type = 'text'; input.placeholder = t('notePh'); input.className = 'note';
    input.setAttribute('aria-label', t('notePh'));
    var out = el('p', null, 'error'); out.setAttribute('role', 'alert');
    var buttons = el('div', null, 'buttons');
    function add(action, label, satisfied) {
      var b = el('button', label, 'act act-' + action);
      b.type = 'button'; b.dataset.action = action;
      if (satisfied !== undefined) b.dataset.satisfied = String(satisfied);
      b.addEventListener('click', function () {
        var body = {};
        if (input.value.trim()) body.note = input.value.trim();
        if (satisfied !== undefined) body.satisfied = satisfied;
        b.disabled = true; out.textContent = '';
        Linli.post('/api/tickets/' + encodeURIComponent(ticket.id) + '/' + action, body).then(function (r) {
          if (r.ok) { done(); return null; }
          return r.json().catch(function () { return {}; }).then(function (j) {
            b.disabled = false;
            out.textContent = (r.status === 403 ? t('forbidden') : t('failed') + ' (' + r.status + ')') +
              (j && (j.error || j.message) ? ': ' + (j.error || j.message) : '');
          });
        });
      });
      buttons.appendChild(b);
    }
    can.forEach(function (a) {
      if (a === 'evaluate') { add(a, t('a.evaluate'), true); add(a, t('a.evaluate-no'), false); }
      else add(a, t('a.' + a));
    });
    box.appendChild(input); box.appendChild(buttons); box.appendChild(out);
    return box;
  }
  // A photo from the phone's camera (or its gallery), sent as multipart with the CSRF token; the server
  // sniffs the bytes, bounds the size and answers 413 / 415 with the reason, shown here.
  function photoBox(ticket, allowed, done) {
    var box = el('div', null, 'photo-upload');
    if (allowed.indexOf('note') < 0) return box;
    var label = el('label', t('photo'), 'photo-label');
    var input = el('input'); input.type = 'file'; input.accept = 'image/*'; input.setAttribute('capture', 'environment');
    input.className = 'photo-input'; input.id = 'photo-' + ticket.id;
    label.htmlFor = input.id;
    var out = el('p', null, 'error'); out.setAttribute('role', 'alert');
    input.addEventListener('change', function () {
      if (!input.files.length) return;
      out.textContent = t('uploading'); out.className = 'muted';
      shrink(input.files[0]).then(function (blob) {
        var form = new FormData();
        form.append('photo', blob, 'photo');
        return fetch('/api/tickets/' + encodeURIComponent(ticket.id) + '/photos', { method: 'POST', body: form,
          credentials: 'same-origin', headers: { 'X-CSRF-Token': Linli.csrf(), 'Accept': 'application/json' } });
      }).then(function (r) {
        if (r.ok) { out.textContent = ''; input.value = ''; done(); return null; }
        return r.json().catch(function () { return {}; }).then(function (j) {
          out.className = 'error';
          out.textContent = (r.status === 413 ? t('photoTooLarge') : r.status === 415 ? t('photoNotImage')
            : r.status === 403 ? t('forbidden') : t('failed') + ' (' + r.status + ')') + (j && j.error ? ': ' + j.error : '');
          input.value = '';
        });
      }).catch(function () { out.className = 'error'; out.textContent = t('failed'); });
    });
    box.appendChild(label); box.appendChild(input); box.appendChild(out);
    return box;
  }
  // A phone's photo is 3-8 MB and carries EXIF (the GPS position too): re-encode it as a JPEG of at most
  // 1600 px on its long side (the orientation applied), which drops the metadata and fits the server's bound.
  // What the browser cannot decode goes as it is, and the server says why it refuses it.
  var MAX_SIDE = 1600;
  function shrink(file) {
    if (!window.createImageBitmap || !/^image\//.test(file.type || '')) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: 'from-image' }).then(function (bmp) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(bmp.width * scale); canvas.height = Math.round(bmp.height * scale);
      canvas.getContext('2d').drawImage(bmp, 0, 0, canvas.width, canvas.height);
      if (bmp.close) bmp.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (b) { resolve(b || file); }, 'image/jpeg', 0.85);
      });
    }).catch(function () { return file; });
  }
  function photoThumb(ticketId, note) {
    var m = /^照片 #(\d+)/.exec(note || '');
    if (!m) return null;
    var url = '/api/tickets/' + encodeURIComponent(ticketId) + '/photos/' + m[1];
    var a = el('a', null, 'thumb-link'); a.href = url; a.target = '_blank'; a.rel = 'noopener';
    var img = el('img', null, 'thumb'); img.src = url; img.alt = t('photoAlt') + ' #' + m[1]; img.loading = 'lazy';
    img.dataset.photoId = m[1];
    a.appendChild(img);
    return a;
  }
  function statusBadge(tk) {
    var cls = tk.overdue ? 'bad' : ['RESOLVED', 'EVALUATED', 'CLOSED'].indexOf(tk.status) >= 0 ? 'ok'
      : tk.status === 'REJECTED' ? 'none' : 'warn';
    return el('span', EN ? t('st.' + tk.status) : tk.statusZh, 'badge ' + cls);
  }

  // ---- board ----
  var ORDER = ['FILED', 'RETURNED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS', 'RESOLVED', 'EVALUATED', 'CLOSED', 'REJECTED'];
  function card(tk, allowed, transitions, reload) {
    var c = el('article', null, 'ticket' + (tk.overdue ? ' overdue' : ''));
    c.dataset.ticketId = String(tk.id); c.dataset.status = tk.status; c.dataset.grid = tk.grid;
    var h = el('h3');
    if (tk.overdue) { h.appendChild(el('span', t('overdue'), 'badge bad')); h.appendChild(document.createTextNode(' ')); }
    var a = el('a', '#' + tk.id + ' ' + tk.title); a.href = '/tickets/' + encodeURIComponent(tk.id); h.appendChild(a);
    c.appendChild(h);
    var meta = el('p', null, 'meta');
    meta.appendChild(statusBadge(tk));
    meta.appendChild(document.createTextNode(' ' + (EN ? t('k.' + tk.kind) : tk.kindZh) + ' · ' + tk.spaceName + ' · ' + tk.gridName));
    c.appendChild(meta);
    var who = el('p', t('holder') + ': ' + (EN ? t('l.' + tk.level) : tk.levelZh) + ' ' + tk.assignee, 'muted');
    c.appendChild(who);
    var due = tk.status === 'DISPATCHED' ? tk.acceptDue : (tk.status === 'ACCEPTED' || tk.status === 'IN_PROGRESS') ? tk.resolveDue : null;
    if (due) c.appendChild(el('p', (tk.status === 'DISPATCHED' ? t('acceptDue') : t('resolveDue')) + ' ' + time(due, true), tk.overdue ? 'bad' : 'muted'));
    c.appendChild(actionBar(tk, allowed, transitions, reload));
    c.appendChild(photoBox(tk, allowed, reload));
    return c;
  }
  function board() {
    var box = document.getElementById('board');
    var allowed = JSON.parse(box.dataset.allowed), transitions = JSON.parse(box.dataset.transitions);
    var filter = document.getElementById('grid-filter');
    var timer = null;
    function load() {
      var url = '/api/tickets' + (filter.value ? '?grid=' + encodeURIComponent(filter.value) : '');
      getJson(url).then(function (list) {
        box.textContent = '';
        if (!list.length) { box.appendChild(el('p', t('none'))); }
        var closed = null;
        ORDER.forEach(function (st) {
          var rows = list.filter(function (x) { return x.status === st; });
          if (!rows.length) return;
          // overdue first (the API's order), then by grid
          rows.sort(function (a, b) { return (b.overdue - a.overdue) || a.grid.localeCompare(b.grid); });
          var sec = el('section', null, 'status-group'); sec.dataset.status = st;
          sec.appendChild(el('h2', t('st.' + st) + ' (' + rows.length + ')'));
          rows.forEach(function (tk) { sec.appendChild(card(tk, allowed, transitions, load)); });
          if (st === 'CLOSED' || st === 'REJECTED') {
            if (!closed) { closed = el('details', null, 'closed'); closed.appendChild(el('summary', t('closedGroup'))); }
            closed.appendChild(sec);
          } else {
            box.appendChild(sec);
          }
        });
        if (closed) box.appendChild(closed);
        box.dataset.loaded = String(Date.now());
      }).catch(function (e) { box.textContent = errorText(e.status); });
    }
    filter.addEventListener('change', load);
    listeners.push(function (e) {
      if (e.type.indexOf('ticket') !== 0) return;
      clearTimeout(timer); timer = setTimeout(load, 300);
    });
    load();
  }

  // ---- one ticket ----
  function ticketPage() {
    var box = document.getElementById('ticket');
    var id = box.dataset.ticketId;
    var allowed = JSON.parse(box.dataset.allowed), transitions = JSON.parse(box.dataset.transitions);
    var chart = null;
    function fact(dl, label, value) {
      if (value === null || value === undefined || value === '') return;
      dl.appendChild(el('dt', label)); dl.appendChild(el('dd', value));
    }
    function load() {
      getJson('/api/tickets/' + encodeURIComponent(id)).then(function (d) {
        var tk = d.ticket;
        box.textContent = '';
        box.dataset.status = tk.status;
        var h = el('h2'); h.appendChild(statusBadge(tk)); h.appendChild(document.createTextNode(' #' + tk.id + ' ' + tk.title));
        box.appendChild(h);
        var dl = el('dl', null, 'facts');
        fact(dl, t('kind'), EN ? t('k.' + tk.kind) : tk.kindZh);
        fact(dl, t('space'), tk.spaceName + ' · ' + tk.gridName);
        fact(dl, t('holder'), (EN ? t('l.' + tk.level) : tk.levelZh) + ' ' + tk.assignee);
        fact(dl, t('filed'), time(tk.filedAt, true));
        fact(dl, t('acceptDue'), tk.acceptDue && time(tk.acceptDue, true));
        fact(dl, t('resolveDue'), tk.resolveDue && time(tk.resolveDue, true));
        fact(dl, t('peak'), tk.peakDb !== null ? num(tk.peakDb) + ' dB(A)' : null);
        fact(dl, t('laeq'), tk.laeqDb !== null ? num(tk.laeqDb) + ' dB(A)' : null);
        fact(dl, t('series'), tk.seriesCount > 1 ? tk.seriesLabel : null);
        fact(dl, t('recheck'), tk.recheckOutcome);
        fact(dl, t('reporter'), tk.reporter);
        fact(dl, t('description'), tk.description);
        box.appendChild(dl);
        box.appendChild(actionBar(tk, allowed, transitions, load));
        box.appendChild(photoBox(tk, allowed, load));
        var ol = document.getElementById('timeline');
        ol.textContent = '';
        d.events.forEach(function (e) {
          var li = el('li'); li.dataset.type = e.type;
          li.appendChild(el('time', time(e.at, true), 'muted'));
          li.appendChild(el('strong', ' ' + (EN ? e.type : e.typeZh) + ' '));
          li.appendChild(el('span', e.actor + (e.from && e.from !== e.to ? ' · ' + e.from + ' → ' + e.to : '')));
          if (e.note) li.appendChild(el('p', e.note, 'muted'));
          var thumb = e.type === 'photo' ? photoThumb(tk.id, e.note) : null;
          if (thumb) li.appendChild(thumb);
          ol.appendChild(li);
        });
        box.dataset.loaded = String(Date.now());
      }).catch(function (e) { box.textContent = errorText(e.status); box.dataset.error = String(e.status); });
    }
    function evidence() {
      var note = document.getElementById('evidence-note');
      getJson('/api/tickets/' + encodeURIComponent(id) + '/evidence').then(function (ev) {
        if (ev.series !== 'ok') { note.textContent = ev.series === 'none' ? t('seriesNone') : (ev.seriesNote || ev.series); }
        rulesApplied(note, ev.thresholds, ev.kind);
        drawEvidence(ev);
      }).catch(function (e) { note.textContent = errorText(e.status); });
    }
    function field(ev) {
      var prefer = ev.kind === 'NOISE' ? ['laeq', 'la', 'lmax'] : ['occupied', 'occupancy'];
      for (var i = 0; i < prefer.length; i++) {
        if (ev.points.some(function (p) { return typeof p.values[prefer[i]] === 'number'; })) return prefer[i];
      }
      var first = ev.points.map(function (p) {
        return Object.keys(p.values).filter(function (k) { return typeof p.values[k] === 'number'; })[0];
      }).filter(Boolean)[0];
      return first || null;
    }
    /** The settings the space's rules applied (its own local rules, the site's or the defaults), under the note. */
    function rulesApplied(note, th, kind) {
      if (!th || (kind !== 'NOISE' && kind !== 'ENCROACHMENT')) return;
      var p = document.getElementById('evidence-rules') || el('p', null, 'muted');
      p.id = 'evidence-rules';
      var parts = [];
      var min = ' ' + t('minutes');
      if (kind === 'NOISE') {
        if (th.limitAppliedDb !== null) parts.push(t('limit') + ' ' + th.limitAppliedDb + ' dB(A)');
        if (th.endTime) parts.push(t('endTime') + ' ' + th.endTime);
        if (th.boundaryCapDb !== null) parts.push(t('cap') + ' ' + th.boundaryCapDb + ' dB(A)');
        if (th.marginDb !== null) parts.push(t('margin') + ' ' + th.marginDb + ' dB');
        if (th.windowMinutes !== null) parts.push(t('window') + ' ' + th.windowMinutes + min);
      } else {
        if (th.dwellMinutes !== null) parts.push(t('dwell') + ' ' + th.dwellMinutes + min);
        if (th.confirmMinutes !== null) parts.push(t('confirm') + ' ' + th.confirmMinutes + min);
        if (th.cooldownMinutes !== null) parts.push(t('cooldown') + ' ' + th.cooldownMinutes + min);
      }
      p.textContent = t('rulesApplied') + ' (' + t('src.' + th.source) + '): ' + parts.join(' · ');
      p.dataset.source = th.source;
      if (!p.parentNode) note.parentNode.insertBefore(p, note.nextSibling);
    }
    function drawEvidence(ev) {
      var box = document.getElementById('evidence-chart');
      if (!window.echarts) return;
      var f = field(ev);
      var bySensor = {};
      ev.points.forEach(function (p) {
        if (f && typeof p.values[f] === 'number') (bySensor[p.sensor || '?'] = bySensor[p.sensor || '?'] || []).push([p.time, p.values[f]]);
      });
      var series = Object.keys(bySensor).map(function (s) {
        return { name: s + ' ' + f, type: 'line', step: ev.kind === 'NOISE' ? false : 'end', showSymbol: false, data: bySensor[s] };
      });
      var limit = ev.thresholds && ev.thresholds.limitAppliedDb;
      if (!series.length) series.push({ name: f || '', type: 'line', data: [] });
      if (limit !== null && limit !== undefined && ev.kind === 'NOISE') {
        series[0].markLine = { symbol: 'none', lineStyle: { color: '#b3261e', type: 'dashed' },
          label: { position: 'insideEndTop', formatter: t('limit') + ' ' + limit + ' dB(A)' }, data: [{ yAxis: limit }] };
      }
      if (ev.episodeStart) {
        series[0].markArea = { itemStyle: { color: 'rgba(179,38,30,0.08)' },
          data: [[{ name: t('episode'), xAxis: ev.episodeStart }, { xAxis: ev.episodeEnd || ev.to || new Date().toISOString() }]] };
      }
      chart = chart || window.echarts.init(box);
      chart.setOption({
        animation: false,
        grid: { left: 44, right: 12, top: 30, bottom: 40 },
        legend: { top: 0 },
        // labels in the site's zone, like every time on the page
        xAxis: { type: 'time', min: ev.from || undefined, max: ev.to || undefined,
          axisLabel: { formatter: function (v) { return time(new Date(v).toISOString()).slice(0, 5); } } },
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return typeof v === 'number' ? num(v) : v; } },
        yAxis: ev.kind === 'NOISE' ? { type: 'value', name: 'dB(A)', scale: true }
          : { type: 'value', name: f || '', min: 0, max: 1, interval: 1 },
        series: series
      }, true);
      box.dataset.points = String(ev.points.length);
      box.dataset.limit = limit === null || limit === undefined ? '' : String(limit);
      window.addEventListener('resize', function () { chart.resize(); });
    }
    listeners.push(function (e) { if (e.gap || String(e.ticketId) === String(id)) load(); });
    load();
    evidence();
  }

  // ---- KPIs ----
  function kpiPage() {
    var box = document.getElementById('kpis');
    var grids = JSON.parse(box.dataset.grids);
    var weekB = document.getElementById('kpi-week'), monthB = document.getElementById('kpi-month');
    var COLS = [['dispatched', 'dispatched', String], ['resolved', 'resolved', String],
      ['responseRate', 'responseRate', pct], ['resolutionRate', 'resolutionRate', pct],
      ['satisfactionRate', 'satisfactionRate', pct], ['overdue', 'overdueCount', String],
      ['medianMinutesToAccept', 'medianAccept', num], ['medianMinutesToResolve', 'medianResolve', num]];
    function label(kind, p) {
      return kind === 'month' ? p.from.slice(0, 7) : p.from.slice(5) + '–' + p.last.slice(5);
    }
    function load(kind) {
      weekB.setAttribute('aria-pressed', kind === 'week' ? 'true' : 'false');
      monthB.setAttribute('aria-pressed', kind === 'month' ? 'true' : 'false');
      getJson('/api/kpis/periods?by=' + kind).then(function (answer) {
        var periods = answer.periods;
        box.textContent = '';
        // this period, all the user's grids together
        var cards = el('div', null, 'cards'), now = periods[0].kpis.community;
        cards.id = 'kpi-cards';
        [['responseRate', pct], ['resolutionRate', pct], ['satisfactionRate', pct], ['overdue', String]].forEach(function (c) {
          var k = el('div', null, 'card'); k.dataset.field = c[0];
          k.appendChild(el('div', t(c[0] === 'overdue' ? 'overdueCount' : c[0]), 'muted'));
          k.appendChild(el('div', c[1](now[c[0]]), 'v'));
          cards.appendChild(k);
        });
        box.appendChild(cards);
        var wrap = el('div', null, 'scroll'), table = el('table'), head = el('tr');
        table.id = 'kpi-table';
        head.appendChild(el('th', t('period'))); head.appendChild(el('th', t('grid')));
        COLS.forEach(function (c) { head.appendChild(el('th', t(c[1]))); });
        var thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
        var tbody = el('tbody');
        periods.forEach(function (p, i) {
          grids.forEach(function (g, j) {
            var f = p.kpis.grids.filter(function (x) { return x.scope === g.id; })[0] ||
              { dispatched: 0, resolved: 0, overdue: 0, responseRate: null, resolutionRate: null, satisfactionRate: null,
                medianMinutesToAccept: null, medianMinutesToResolve: null };
            var tr = el('tr', null, j === 0 ? 'period-start' : null); tr.dataset.period = String(i); tr.dataset.grid = g.id;
            tr.appendChild(el('td', j === 0 ? label(kind, p) : ''));
            tr.appendChild(el('td', g.name));
            COLS.forEach(function (c) {
              var td = el('td', c[2](f[c[0]]), 'num'); td.dataset.field = c[0]; tr.appendChild(td);
            });
            tbody.appendChild(tr);
          });
        });
        table.appendChild(tbody); wrap.appendChild(table); box.appendChild(wrap);
        box.dataset.loaded = kind + 's';
      }).catch(function (e) { box.textContent = errorText(e.status); });
    }
    weekB.addEventListener('click', function () { load('week'); });
    monthB.addEventListener('click', function () { load('month'); });
    load('week');
  }

  document.addEventListener('DOMContentLoaded', function () {
    soundToggle();
    connect();
    var view = app.dataset.view;
    if (view === 'board') board();
    else if (view === 'ticket') ticketPage();
    else if (view === 'kpis') kpiPage();
  });
})();
