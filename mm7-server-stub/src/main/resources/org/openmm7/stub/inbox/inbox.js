// The OpenMM7 stub inbox. Everything that comes from a message is put in the page as text
// (textContent, element properties), never parsed as HTML: no HTML-string assignment anywhere here.
'use strict';

(function () {
  const POST_HEADERS = { 'X-OpenMM7-Inbox': '1' };
  let current = null;   // the message shown, or null
  let polling = null;   // the polling timer when Server-Sent Events are not available

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

  async function post(url, body, contentType) {
    const headers = Object.assign({}, POST_HEADERS);
    if (contentType) { headers['Content-Type'] = contentType; }
    const r = await fetch(url, { method: 'POST', headers: headers, body: body });
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

  async function loadList() {
    let list;
    try { list = await getJson('/api/messages'); } catch (e) { $('count').textContent = '(' + e.message + ')'; return; }
    const body = $('message-rows');
    clear(body);
    list.forEach(m => {
      const tr = row([m.id, time(m.receivedAt), m.vaspId, m.sender, (m.recipients || []).join(', '), m.subject,
        m.operation || ('unreadable: ' + (m.rejection || '')), answerText(m.answer), m.findings]);
      tr.className = 'message' + (m.findings > 0 || m.rejection ? ' with-findings' : '');
      tr.dataset.id = String(m.id);
      tr.tabIndex = 0;
      tr.addEventListener('click', () => { location.hash = '#/messages/' + encodeURIComponent(m.id); });
      tr.addEventListener('keydown', ev => { if (ev.key === 'Enter') { location.hash = '#/messages/' + encodeURIComponent(m.id); } });
      body.appendChild(tr);
    });
    $('count').textContent = '(' + list.length + ')';
    $('empty').hidden = list.length > 0;
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
      body.appendChild(row([p.operation, p.messageId, p.state, last, (p.attempts || []).length, p.target]));
    });
  }

  // ---- live updates: Server-Sent Events, polling when they fail ----

  function live() {
    if (typeof EventSource === 'undefined') { startPolling(); return; }
    let failures = 0;
    const source = new EventSource('/api/events');
    source.addEventListener('open', () => { $('live').textContent = 'live'; $('live').className = 'live on'; });
    source.addEventListener('messages', () => {
      failures = 0;
      loadList();
      if (current !== null) { loadPushes(); }
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
        if (newest !== latest) { latest = newest; loadList(); }
      } catch (e) { /* try again */ }
    }, 2000);
  }

  // ---- one message ----

  function route() {
    const m = /^#\/messages\/(\d+)$/.exec(location.hash);
    if (m) {
      show(Number(m[1]));
    } else {
      current = null;
      $('detail-pane').hidden = true;
      $('list-pane').hidden = false;
      loadList();
      loadPushes();
    }
  }

  async function show(id) {
    let m;
    try {
      m = await getJson('/api/messages/' + encodeURIComponent(id));
    } catch (e) {
      $('detail-title').textContent = 'Message ' + id + ': ' + e.message;
      $('detail-pane').hidden = false;
      $('list-pane').hidden = true;
      return;
    }
    current = m;
    $('list-pane').hidden = true;
    $('detail-pane').hidden = false;
    $('detail-title').textContent = '#' + m.id + ' ' + (m.operation || 'unreadable request') + (m.subject ? ': ' + m.subject : '');

    const dl = $('detail-summary');
    clear(dl);
    const facts = [
      ['Received', time(m.receivedAt)], ['VASP', m.vaspId], ['Sender', m.sender],
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
    $('soap').textContent = m.soap || '';
    $('answer').textContent = m.answer && m.answer.body ? m.answer.body : answerText(m.answer);
    window.scrollTo(0, 0);
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

  function phone(m) {
    const box = $('phone');
    clear(box);
    const parts = m.parts || [];
    if (!parts.length) {
      box.appendChild(el('p', m.rejection ? 'The message could not be read.' : 'No content.', 'muted'));
      return;
    }
    const shown = new Set();
    if (m.smil) {
      if (m.smil.error) { box.appendChild(el('p', m.smil.error, 'warning')); }
      (m.smil.slides || []).forEach((s, i) => {
        const slide = el('div', null, 'slide');
        slide.appendChild(el('div', 'Slide ' + (i + 1) + (s.dur ? ' · ' + s.dur : ''), 'slide-title'));
        s.items.forEach(item => {
          if (item.part === null || item.part === undefined || !parts[item.part]) {
            slide.appendChild(el('p', 'missing part: <' + item.element + ' src="' + (item.src || '') + '">', 'warning'));
            return;
          }
          shown.add(item.part);
          slide.appendChild(media(parts[item.part]));
        });
        box.appendChild(slide);
      });
    }
    const rest = parts.filter(p => p.kind !== 'smil' && !shown.has(p.index));
    if (rest.length) {
      const slide = el('div', null, 'slide');
      slide.appendChild(el('div', m.smil ? 'Not in the presentation' : 'Parts in order (no SMIL presentation)', 'slide-title'));
      rest.forEach(p => slide.appendChild(media(p)));
      box.appendChild(slide);
    }
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
    const r = await post('/api/messages/' + encodeURIComponent(current.id) + '/' + kind,
      JSON.stringify(recipient ? { recipient: recipient } : {}), 'application/json');
    out.textContent = r.ok ? (kind === 'read-reply' ? 'Read reply ' : 'Delivery report ') + (r.body.state || 'sent')
      + (r.body.lastStatus ? ': ' + r.body.lastStatus.code + ' ' + (r.body.lastStatus.text || '') : '')
      : 'Failed: ' + (r.body.error || ('HTTP ' + r.status));
    out.className = 'result ' + (r.ok ? 'ok' : 'failed');
    loadPushes();
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
    window.addEventListener('hashchange', route);
    route();
    live();
  });
})();
