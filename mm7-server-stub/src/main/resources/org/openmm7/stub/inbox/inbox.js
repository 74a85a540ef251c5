// The OpenMM7 stub inbox. Everything that comes from a message is put in the page as text
// (textContent, element properties), never parsed as HTML: no HTML-string assignment anywhere here.
'use strict';

(function () {
  const POST_HEADERS = { 'X-OpenMM7-Inbox': '1' };
  let current = null;   // the message shown, or null
  let polling = null;   // the polling timer when Server-Sent Events are not available
  let show = null;      // the slideshow of the message shown
  let pushesAgain = null; // the timer that looks at pushes under way again

  function $(id) { return document.getElementById(id); }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach(c => {
      const td = document.createElement('td');
      if (c instanceof Node) { td.appendChild(c); } else { td.textContent = c === null || c === undefined ? '' : String(c); }
      tr.appendChild(td);
    });
    return tr;
  }

  async function getJson(url) {
    const r = await fetch(url, { cache: 'no-store' });
    const body = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
    if (!r.ok) { const e = new Error(body.error || ('HTTP ' + r.status)); e.status = r.status; throw e; }
    return body;
  }

  async function post(url, body, contentType, method) {
    const headers = Object.assign({}, POST_HEADERS);
    if (contentType) { headers['Content-Type'] = contentType; }
    const r = await fetch(url, { method: method || 'POST', headers: headers, body: body });
    const answer = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
    return { status: r.status, ok: r.ok, body: answer };
  }

  function time(iso) {
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  function answerText(a) {
    if (!a || a.httpStatus === undefined) { return ''; }
    if (a.statusCode !== undefined) { return a.statusCode + ' ' + (a.statusText || '') + ' (HTTP ' + a.httpStatus + ')'; }
    return a.httpStatus === 0 ? 'connection reset' : 'HTTP ' + a.httpStatus + ' ' + (a.kind || '');
  }

  // ---- the list ----

  function searchQuery() {
    const params = new URLSearchParams();
    const q = $('search-q').value.trim();
    if (q) { params.set('q', q); }
    if ($('search-operation').value) { params.set('operation', $('search-operation').value); }
    if ($('search-finding').value) { params.set('finding', $('search-finding').value); }
    return params.toString();
  }

  async function loadList() {
    const query = searchQuery();
    let list;
    try { list = await getJson('/api/messages' + (query ? '?' + query : '')); } catch (e) { $('count').textContent = '(' + e.message + ')'; return; }
    if (current !== null) { return; } // a message was opened meanwhile
    const body = $('message-rows');
    clear(body);
    list.forEach(m => {
      const tr = row([m.id, time(m.receivedAt) + (m.restored ? ' (stored)' : ''), m.vaspId, m.sender,
        (m.recipients || []).join(', '), m.subject,
        m.operation || ('unreadable: ' + (m.rejection || '')), answerText(m.answer), m.findings]);
      tr.className = 'message' + (m.findings > 0 || m.rejection ? ' with-findings' : '');
      tr.dataset.id = String(m.id);
      tr.tabIndex = 0;
      tr.addEventListener('click', () => { location.hash = '#/messages/' + encodeURIComponent(m.id); });
      tr.addEventListener('keydown', ev => { if (ev.key === 'Enter') { location.hash = '#/messages/' + encodeURIComponent(m.id); } });
      body.appendChild(tr);
    });
    $('count').textContent = '(' + list.length + (query ? ' found' : '') + ')';
    $('empty').hidden = list.length > 0 || !!query;
    $('no-match').hidden = list.length > 0 || !query;
    $('messages').hidden = list.length === 0;
    // the list is shown once it is known: never an empty list first
    $('loading').hidden = true;
    $('list-pane').hidden = false;
    loadConformance();
  }

  async function loadConformance() {
    let list;
    try { list = await getJson('/api/conformance'); } catch (e) { return; }
    const body = $('conformance-rows');
    clear(body);
    list.forEach(c => {
      const codes = Object.keys(c.findingCounts).map(k => k + ' × ' + c.findingCounts[k]).join(', ');
      const tr = row([c.vaspId, c.requests, c.withFindings, codes || 'clean']);
      tr.className = c.clean ? 'clean' : 'with-findings';
      body.appendChild(tr);
    });
  }

  async function loadPushes() {
    const body = $('push-rows');
    let list;
    try {
      list = await getJson('/api/pushes');
    } catch (e) {
      clear(body);
      $('pushes-note').textContent = e.message;
      return;
    }
    $('pushes-note').textContent = list.length ? '' : 'No push yet.';
    clear(body);
    list.forEach(p => {
      const last = p.lastStatus ? p.lastStatus.code + ' ' + (p.lastStatus.text || '') : '';
      const tr = row([p.operation, p.messageId, p.recipient, p.mmStatus, p.state, last, (p.attempts || []).length, p.target]);
      tr.className = 'push ' + String(p.state || '').toLowerCase();
      body.appendChild(tr);
    });
    // a push under way changes state without a new message: look again shortly
    if (list.some(p => p.state === 'PENDING') && !pushesAgain) {
      pushesAgain = setTimeout(() => { pushesAgain = null; if (current === null) { loadPushes(); } }, 1000);
    }
    loadTarget();
  }

  async function loadTarget() {
    let t;
    try { t = await getJson('/api/push-target'); } catch (e) { return; }
    $('target-now').textContent = (t.url ? 'now ' + t.url : 'none: pushes are held') + ' · held: ' + t.held
      + (t.forgotten ? ' · forgotten: ' + t.forgotten : '');
    $('send-held').disabled = !t.url || t.held === 0;
  }

  async function setTarget(ev) {
    ev.preventDefault();
    const url = $('target-url').value.trim();
    const r = await post('/api/push-target', JSON.stringify({ url: url || null }), 'application/json', 'PUT');
    $('target-result').textContent = r.ok ? '' : 'Failed: ' + (r.body.error || ('HTTP ' + r.status));
    $('target-result').className = 'result ' + (r.ok ? 'ok' : 'failed');
    loadTarget();
  }

  async function sendHeld() {
    const r = await post('/api/pushes/send-held', null, null);
    $('target-result').textContent = r.ok ? 'sent ' + r.body.sent + ' held push' + (r.body.sent === 1 ? '' : 'es')
      : 'Failed: ' + (r.body.error || ('HTTP ' + r.status));
    $('target-result').className = 'result ' + (r.ok ? 'ok' : 'failed');
    loadPushes();
  }

  // ---- live updates: Server-Sent Events, polling when they fail ----

  function live() {
    if (typeof EventSource === 'undefined') { startPolling(); return; }
    let failures = 0;
    const source = new EventSource('/api/events');
    source.addEventListener('open', () => { $('live').textContent = 'live'; $('live').className = 'live on'; });
    source.addEventListener('messages', () => {
      failures = 0;
      if (current === null) { loadList(); loadPushes(); } else { loadMessagePushes(); }
    });
    source.addEventListener('error', () => {
      failures++;
      $('live').textContent = 'reconnecting…';
      $('live').className = 'live';
      if (failures > 5) { source.close(); startPolling(); }
    });
  }

  function startPolling() {
    if (polling) { return; }
    $('live').textContent = 'polling every 2 s';
    let latest = -1;
    polling = setInterval(async () => {
      try {
        const list = await getJson('/api/messages');
        const newest = list.length ? list[0].id * 1000000 + list.length : 0;
        if (newest !== latest && current === null) { latest = newest; loadList(); }
      } catch (e) { /* try again */ }
    }, 2000);
  }

  // ---- one message ----

  function route() {
    const m = /^#\/messages\/(\d+)$/.exec(location.hash);
    stopShow();
    if (m) {
      current = { id: Number(m[1]) };
      $('list-pane').hidden = true;
      showMessage(Number(m[1]));
    } else {
      current = null;
      $('detail-pane').hidden = true;
      loadList();
      loadPushes();
    }
  }

  async function showMessage(id) {
    let m;
    try {
      m = await getJson('/api/messages/' + encodeURIComponent(id));
    } catch (e) {
      $('detail-title').textContent = 'Message ' + id + ': ' + e.message;
      $('loading').hidden = true;
      $('detail-pane').hidden = false;
      return;
    }
    if (!current || current.id !== m.id) { return; } // the reader moved on meanwhile
    current = m;
    $('detail-title').textContent = '#' + m.id + ' ' + (m.operation || 'unreadable request') + (m.subject ? ': ' + m.subject : '');

    const dl = $('detail-summary');
    clear(dl);
    const facts = [
      ['Received', time(m.receivedAt) + (m.restored ? ' (by an earlier run, from the store)' : '')], ['VASP', m.vaspId],
      ['Sender', m.sender],
      ['Recipients', (m.recipients || []).join(', ')], ['Subject', m.subject], ['TransactionID', m.transactionId],
      ['Namespace', m.namespace], ['MessageID given', m.messageId], ['Answered', answerText(m.answer)],
      ['Refused as', m.rejection ? m.rejection + ': ' + (m.rejectionMessage || '') : null],
      ['Decoding', m.decodeError || null]];
    facts.forEach(([k, v]) => {
      if (v === null || v === undefined || v === '') { return; }
      dl.appendChild(el('dt', k));
      dl.appendChild(el('dd', v));
    });

    $('push-recipient').value = (m.recipients && m.recipients.length) ? m.recipients[0] : '';
    $('push-result').textContent = '';
    const canPush = !!m.messageId;
    $('send-dr').disabled = !canPush;
    $('send-rr').disabled = !canPush;
    if (!canPush) { $('push-result').textContent = 'No MessageID was given for this request: nothing to report on.'; }

    const findings = $('finding-rows');
    clear(findings);
    (m.findingList || []).forEach(f => { findings.appendChild(row([f.code, f.where, f.message])); });
    $('no-findings').hidden = (m.findingList || []).length > 0 || !!m.rejection;
    $('findings').hidden = (m.findingList || []).length === 0;

    phone(m);
    partsTable(m);

    const headers = [];
    Object.keys(m.headers || {}).forEach(k => (m.headers[k] || []).forEach(v => headers.push(k + ': ' + v)));
    $('headers').textContent = (m.method || '') + ' ' + (m.path || '') + '\n' + headers.join('\n');
    $('soap').textContent = prettyXml(m.soap || '');
    $('answer').textContent = m.answer && m.answer.body ? prettyXml(m.answer.body) : answerText(m.answer);
    $('loading').hidden = true;
    $('detail-pane').hidden = false;
    loadMessagePushes();
    window.scrollTo(0, 0);
  }

  // ---- pretty-printed XML, built as text (never parsed into the page) ----

  function prettyXml(text) {
    const start = text.indexOf('<');
    if (start < 0 || typeof DOMParser === 'undefined') { return text; }
    const doc = new DOMParser().parseFromString(text.substring(start), 'application/xml');
    if (doc.getElementsByTagName('parsererror').length) { return text; }
    const out = [];
    const write = (node, depth) => {
      const pad = '  '.repeat(depth);
      if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
        const t = node.nodeValue.trim();
        if (t) { out.push(pad + t); }
        return;
      }
      if (node.nodeType === Node.COMMENT_NODE) { out.push(pad + '<!--' + node.nodeValue + '-->'); return; }
      if (node.nodeType !== Node.ELEMENT_NODE) { return; }
      const attrs = Array.from(node.attributes).map(a => ' ' + a.name + '="' + a.value.replace(/"/g, '&quot;') + '"').join('');
      const kids = Array.from(node.childNodes).filter(k => k.nodeType === Node.ELEMENT_NODE
        || ((k.nodeType === Node.TEXT_NODE || k.nodeType === Node.CDATA_SECTION_NODE) && k.nodeValue.trim())
        || k.nodeType === Node.COMMENT_NODE);
      if (!kids.length) {
        out.push(pad + '<' + node.nodeName + attrs + '/>');
      } else if (kids.length === 1 && kids[0].nodeType === Node.TEXT_NODE) {
        out.push(pad + '<' + node.nodeName + attrs + '>' + kids[0].nodeValue.trim() + '</' + node.nodeName + '>');
      } else {
        out.push(pad + '<' + node.nodeName + attrs + '>');
        kids.forEach(k => write(k, depth + 1));
        out.push(pad + '</' + node.nodeName + '>');
      }
    };
    write(doc.documentElement, 0);
    return out.join('\n');
  }

  function media(part) {
    switch (part.kind) {
      case 'image': {
        const img = document.createElement('img');
        img.alt = part.contentLocation || ('part ' + part.index);
        img.src = part.url;
        img.className = 'part-image';
        return img;
      }
      case 'video': {
        const v = document.createElement('video');
        v.controls = true;
        v.preload = 'metadata';
        v.src = part.url;
        return v;
      }
      case 'audio': {
        const a = document.createElement('audio');
        a.controls = true;
        a.preload = 'metadata';
        a.src = part.url;
        return a;
      }
      case 'text':
        return el('p', part.text, 'part-text');
      default: {
        const a = el('a', 'attachment: ' + (part.contentLocation || ('part ' + part.index)) + ' (' + part.contentType + ')', 'part-attachment');
        a.href = part.url;
        a.rel = 'noopener';
        return a;
      }
    }
  }

  // ---- the phone: sender, time, subject, and the SMIL slideshow with its timing and regions ----

  const DEFAULT_SLIDE_MILLIS = 5000;

  function phone(m) {
    $('phone-sender').textContent = m.sender || '(no sender)';
    $('phone-time').textContent = time(m.receivedAt);
    $('phone-subject').textContent = m.subject || '(no subject)';
    const screen = $('phone-screen');
    const rest = $('phone-rest');
    clear(screen);
    clear(rest);
    const parts = m.parts || [];
    const slides = [];
    const shown = new Set();
    const regions = (m.smil && m.smil.regions) || {};
    if (m.smil) {
      if (m.smil.error) { rest.appendChild(el('p', m.smil.error, 'warning')); }
      (m.smil.slides || []).forEach(s => {
        const items = [];
        s.items.forEach(item => {
          if (item.part === null || item.part === undefined || !parts[item.part]) {
            items.push({ node: el('p', 'missing part: <' + item.element + ' src="' + (item.src || '') + '">', 'warning') });
            return;
          }
          shown.add(item.part);
          items.push({ node: media(parts[item.part]), region: item.region, begin: item.beginMillis, dur: item.durMillis });
        });
        slides.push({ dur: s.durMillis, durText: s.dur, items: items });
      });
    }
    const others = parts.filter(p => p.kind !== 'smil' && !shown.has(p.index));
    if (others.length && !slides.length) {
      // no presentation: every part on one screen, in order
      slides.push({ dur: null, durText: null, items: others.map(p => ({ node: media(p) })) });
    } else if (others.length) {
      rest.appendChild(el('div', 'Not in the presentation', 'slide-title'));
      others.forEach(p => rest.appendChild(media(p)));
    }
    if (!slides.length) {
      screen.appendChild(el('p', m.rejection ? 'The message could not be read.' : 'No content.', 'muted'));
    }
    slides.forEach((s, i) => screen.appendChild(slideNode(s, i, slides.length, regions)));
    show = { slides: slides, index: 0, timers: [], playing: false };
    goTo(0, false);
  }

  /** A region's box, when the layout gives one in % or px. */
  function place(node, region) {
    const r = region || {};
    const ok = v => typeof v === 'string' && /^\d+(\.\d+)?(%|px)?$/.test(v.trim());
    if (![r.top, r.left, r.width, r.height].some(ok)) { return false; }
    const css = v => (/^\d+(\.\d+)?$/.test(v.trim()) ? v.trim() + 'px' : v.trim());
    if (ok(r.top)) { node.style.top = css(r.top); }
    if (ok(r.left)) { node.style.left = css(r.left); }
    if (ok(r.width)) { node.style.width = css(r.width); }
    if (ok(r.height)) { node.style.height = css(r.height); }
    return true;
  }

  function slideNode(s, i, count, regions) {
    const slide = el('div', null, 'slide');
    slide.dataset.index = String(i);
    slide.dataset.durMs = s.dur === null || s.dur === undefined ? '' : String(s.dur);
    const seconds = (s.dur === null || s.dur === undefined ? DEFAULT_SLIDE_MILLIS : s.dur) / 1000;
    slide.appendChild(el('div', 'Slide ' + (i + 1) + ' of ' + count + ' · ' + seconds + ' s'
      + (s.dur === null || s.dur === undefined ? ' (no dur given)' : ''), 'slide-title'));
    const stage = el('div', null, 'slide-stage');
    let placed = false;
    s.items.forEach(item => {
      const box = el('div', null, 'region');
      if (item.region) { box.dataset.region = item.region; }
      if (place(box, regions[item.region])) { box.classList.add('placed'); placed = true; }
      box.appendChild(item.node);
      item.box = box;
      stage.appendChild(box);
    });
    if (placed) { stage.classList.add('laid-out'); }
    slide.appendChild(stage);
    return slide;
  }

  function stopShow() {
    if (!show) { return; }
    show.timers.forEach(t => clearTimeout(t));
    show.timers = [];
    show.playing = false;
    $('slide-play').textContent = 'Play';
  }

  function goTo(i, playing) {
    if (!show) { return; }
    show.timers.forEach(t => clearTimeout(t));
    show.timers = [];
    show.index = i;
    const nodes = document.querySelectorAll('#phone-screen .slide');
    nodes.forEach((n, k) => { n.hidden = k !== i; n.classList.toggle('current', k === i); });
    const n = show.slides.length;
    $('slide-status').textContent = n ? 'Slide ' + (i + 1) + ' of ' + n + (playing ? ' · playing' : '') : '';
    $('slide-prev').disabled = i <= 0;
    $('slide-next').disabled = i >= n - 1;
    $('slide-play').disabled = n === 0;
    const slide = show.slides[i];
    if (!slide) { return; }
    // within a slide, an item with begin appears later and one with dur goes away (only while playing)
    slide.items.forEach(item => {
      if (!item.box) { return; }
      item.box.hidden = playing && item.begin > 0;
      if (playing && item.begin > 0) { show.timers.push(setTimeout(() => { item.box.hidden = false; }, item.begin)); }
      if (playing && item.dur > 0) { show.timers.push(setTimeout(() => { item.box.hidden = true; }, (item.begin || 0) + item.dur)); }
    });
    if (playing) {
      const millis = slide.dur === null || slide.dur === undefined ? DEFAULT_SLIDE_MILLIS : slide.dur;
      show.timers.push(setTimeout(() => {
        if (i + 1 < n) {
          goTo(i + 1, true);
        } else {
          stopShow();
          $('slide-status').textContent = 'Slide ' + n + ' of ' + n + ' · played';
        }
      }, millis));
    }
  }

  function play() {
    if (!show || !show.slides.length) { return; }
    if (show.playing) { stopShow(); goTo(show.index, false); return; }
    show.playing = true;
    $('slide-play').textContent = 'Pause';
    goTo(show.index >= show.slides.length - 1 ? 0 : show.index, true);
  }

  function partsTable(m) {
    const body = $('part-rows');
    clear(body);
    (m.parts || []).forEach(p => {
      const link = el('a', p.kind === 'attachment' || p.kind === 'smil' ? 'download' : 'open');
      link.href = p.url;
      link.rel = 'noopener';
      const cell = document.createElement('span');
      cell.appendChild(link);
      if (p.text !== undefined && p.kind !== 'text') {
        const d = document.createElement('details');
        d.appendChild(el('summary', 'text'));
        d.appendChild(el('pre', p.text, 'part-source'));
        cell.appendChild(d);
      }
      body.appendChild(row([p.index, p.contentType, p.contentId, p.contentLocation, p.size, cell]));
    });
  }

  async function sendReport(kind) {
    if (!current) { return; }
    const out = $('push-result');
    out.textContent = 'sending…';
    const recipient = $('push-recipient').value.trim();
    const status = $(kind === 'read-reply' ? 'rr-status' : 'dr-status').value;
    const body = { status: status };
    if (recipient) { body.recipient = recipient; }
    const r = await post('/api/messages/' + encodeURIComponent(current.id) + '/' + kind, JSON.stringify(body), 'application/json');
    out.textContent = r.ok ? (kind === 'read-reply' ? 'Read reply ' : 'Delivery report ') + status + ': ' + (r.body.state || 'sent')
      + (r.body.lastStatus ? ' (' + r.body.lastStatus.code + ' ' + (r.body.lastStatus.text || '') + ')' : '')
      : 'Failed: ' + (r.body.error || ('HTTP ' + r.status));
    out.className = 'result ' + (r.ok ? 'ok' : 'failed');
    loadMessagePushes();
  }

  /** The pushes about the message shown, oldest first: the sequence of reports a VASP received. */
  async function loadMessagePushes() {
    const list = $('message-pushes');
    if (!current || !current.messageId) { clear(list); list.hidden = true; $('no-message-pushes').hidden = false; return; }
    let pushes;
    try { pushes = await getJson('/api/pushes'); } catch (e) { return; }
    const mine = pushes.filter(p => p.messageId === current.messageId).reverse();
    clear(list);
    mine.forEach(p => {
      const last = p.lastStatus ? ' (' + p.lastStatus.code + ' ' + (p.lastStatus.text || '') + ')' : '';
      list.appendChild(el('li', p.operation + (p.mmStatus ? ' ' + p.mmStatus : '') + (p.recipient ? ' to ' + p.recipient : '')
        + ': ' + p.state + last));
    });
    if (mine.some(p => p.state === 'PENDING') && !pushesAgain) {
      pushesAgain = setTimeout(() => { pushesAgain = null; if (current !== null) { loadMessagePushes(); } }, 1000);
    }
    $('no-message-pushes').hidden = mine.length > 0;
    list.hidden = mine.length === 0;
  }

  async function deleteMessage() {
    if (!current) { return; }
    const r = await post('/api/messages/' + encodeURIComponent(current.id), null, null, 'DELETE');
    if (r.ok) { location.hash = ''; } else { $('push-result').textContent = 'Failed: ' + (r.body.error || ('HTTP ' + r.status)); }
  }

  async function deleteAll() {
    const button = $('delete-all');
    if (button.dataset.armed !== 'yes') {
      button.dataset.armed = 'yes';
      button.textContent = 'Really delete all?';
      setTimeout(() => { button.dataset.armed = ''; button.textContent = 'Delete all'; }, 4000);
      return;
    }
    button.dataset.armed = '';
    button.textContent = 'Delete all';
    await post('/api/messages', null, null, 'DELETE');
    loadList();
  }

  async function deliver(ev) {
    ev.preventDefault();
    const out = $('deliver-result');
    out.textContent = 'sending…';
    const r = await post('/api/deliver', new FormData($('deliver-form')));
    out.textContent = r.ok ? 'DeliverReq ' + (r.body.state || 'sent')
      + (r.body.lastStatus ? ': ' + r.body.lastStatus.code + ' ' + (r.body.lastStatus.text || '') : '')
      : 'Failed: ' + (r.body.error || ('HTTP ' + r.status));
    out.className = 'result ' + (r.ok ? 'ok' : 'failed');
    loadPushes();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('close-detail').addEventListener('click', ev => { ev.preventDefault(); location.hash = ''; });
    $('send-dr').addEventListener('click', () => sendReport('delivery-report'));
    $('send-rr').addEventListener('click', () => sendReport('read-reply'));
    $('deliver-form').addEventListener('submit', deliver);
    $('search-form').addEventListener('submit', ev => { ev.preventDefault(); loadList(); });
    $('search-operation').addEventListener('change', loadList);
    $('search-finding').addEventListener('change', loadList);
    $('search-clear').addEventListener('click', () => {
      $('search-q').value = ''; $('search-operation').value = ''; $('search-finding').value = ''; loadList();
    });
    $('delete-all').addEventListener('click', deleteAll);
    $('target-form').addEventListener('submit', setTarget);
    $('send-held').addEventListener('click', sendHeld);
    $('delete-message').addEventListener('click', deleteMessage);
    $('slide-play').addEventListener('click', play);
    $('slide-prev').addEventListener('click', () => { if (show) { stopShow(); goTo(Math.max(0, show.index - 1), false); } });
    $('slide-next').addEventListener('click', () => { if (show) { stopShow(); goTo(Math.min(show.slides.length - 1, show.index + 1), false); } });
    window.addEventListener('hashchange', route);
    route();
    live();
  });
})();
