// Myriad admin monitor: polls /admin/api/overview and follows /admin/events (SSE).
// Plain browser JavaScript, no build step. Served with a strict CSP: no inline code.
'use strict';

const POLL_MS = 2000;
/** Rows kept in the event list; older ones are dropped from the page (the log keeps them). */
const MAX_EVENT_ROWS = 500;

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function fmtBytes(n) {
  if (n >= 1 << 30) return (n / (1 << 30)).toFixed(1) + ' GiB';
  if (n >= 1 << 20) return (n / (1 << 20)).toFixed(1) + ' MiB';
  return Math.round(n / 1024) + ' KiB';
}

function fmtDuration(s) {
  const d = Math.floor(s / 86400),
    h = Math.floor((s % 86400) / 3600),
    m = Math.floor((s % 3600) / 60);
  return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's';
}

function fmtValue(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// --- overview -----------------------------------------------------------------

function renderHealth(h) {
  const badge = $('health-status');
  badge.textContent = h.status;
  badge.dataset.state = h.status;
  const facts = $('health');
  facts.replaceChildren(
    ...[
      ['uptime', fmtDuration(h.uptimeSeconds)],
      ['version', h.version],
      ['last event', String(h.lastEventPosition)],
      ['memory', `${fmtBytes(h.memory.rssBytes)} RSS, ${fmtBytes(h.memory.heapUsedBytes)} heap`],
    ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
  );
  $('checks').tBodies[0].replaceChildren(...Object.entries(h.checks).map(([name, c]) => el('tr', { 'data-ok': String(c.ok) }, el('th', { scope: 'row' }, name), el('td', {}, c.ok ? 'ok' : 'failing'), el('td', {}, c.detail || ''))));
}

function renderConnections(o) {
  $('conn-total').textContent = String(o.connections.total);
  const parts = Object.entries(o.connections.byTransport)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t}`);
  $('conn-by-transport').textContent = `${parts.length ? parts.join(', ') : 'no open connections'} · ${o.sessions.length} character${o.sessions.length === 1 ? '' : 's'} online · ${o.eventStreams} event stream${o.eventStreams === 1 ? '' : 's'}`;
  const rows = o.sessions.map((s) => el('tr', {}, el('th', { scope: 'row' }, s.name), el('td', {}, s.role), el('td', {}, s.connections.map((c) => `${c.transport} ${c.remoteAddress}`).join(', '))));
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: '3', class: 'hint' }, 'Nobody is online.')));
  $('sessions').tBodies[0].replaceChildren(...rows);
}

const PACK_COLUMNS = [
  ['name', 'pack'],
  ['version', 'version'],
  ['calls', 'calls'],
  ['meanLatencyMs', 'mean ms'],
  ['faults', 'faults'],
  ['quarantined', 'quarantined'],
];

function renderPacks(packs) {
  // Known columns first, then whatever else the engine reports (packStatus() fields).
  const extra = [];
  for (const p of packs)
    for (const k of Object.keys(p)) {
      if (k !== 'description' && !PACK_COLUMNS.some(([c]) => c === k) && !extra.includes(k)) extra.push(k);
    }
  const cols = [...PACK_COLUMNS, ...extra.map((k) => [k, k])];
  const table = $('packs');
  table.tHead.rows[0].replaceChildren(...cols.map(([, label]) => el('th', { scope: 'col' }, label)));
  table.tBodies[0].replaceChildren(...packs.map((p) => el('tr', { 'data-pack': p.name, 'data-quarantined': String(!!p.quarantined) }, ...cols.map(([k], i) => (i === 0 ? el('th', { scope: 'row', title: p.description || '' }, p.name) : el('td', {}, fmtValue(p[k])))))));
}

async function poll() {
  try {
    const res = await fetch('/admin/api/overview', { credentials: 'same-origin', cache: 'no-store' });
    if (res.status === 401) {
      location.reload(); // session expired: the server shows the login form
      return;
    }
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const o = await res.json();
    renderHealth(o.health);
    renderConnections(o);
    renderPacks(o.packs);
    $('refresh').textContent = `updated ${new Date(o.generatedAt).toLocaleTimeString()}`;
    $('refresh').dataset.state = 'ok';
  } catch (e) {
    $('refresh').textContent = `cannot reach the server (${e.message}); retrying`;
    $('refresh').dataset.state = 'error';
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

// --- moderation ---------------------------------------------------------------

const fmtUntil = (iso) => (iso ? new Date(iso).toLocaleString() : 'until lifted');

function button(label, action, target) {
  const b = el('button', { type: 'button', 'data-action': action, 'data-target': target }, label);
  b.addEventListener('click', () => moderate(action, target));
  return b;
}

function emptyRow(cols, text) {
  return el('tr', {}, el('td', { colspan: String(cols), class: 'hint' }, text));
}

function renderModeration(m) {
  const accounts = m.accounts.map((a) =>
    el(
      'tr',
      { 'data-account': a.name },
      el('th', { scope: 'row' }, a.name),
      el('td', {}, a.role),
      el('td', {}, a.createdAt.slice(0, 10)),
      el('td', {}, [a.online ? 'online' : '', a.banned ? 'banned' : '', a.muted ? 'muted' : ''].filter(Boolean).join(', ') || '—'),
      // Admins cannot be banned or muted (the server refuses): no buttons that can only fail.
      el(
        'td',
        { class: 'actions' },
        ...[button('Boot', 'boot', a.name), a.role !== 'admin' && (a.banned ? button('Unban', 'unban', a.name) : button('Ban', 'ban', a.name)), a.role !== 'admin' && (a.muted ? button('Unmute', 'unmute', a.name) : button('Mute', 'mute', a.name)), button('Temporary password', 'password', a.name)].filter(Boolean),
      ),
    ),
  );
  $('accounts').tBodies[0].replaceChildren(...(accounts.length ? accounts : [emptyRow(5, 'No accounts yet.')]));
  const bans = [...m.bans.map((b) => ({ ...b, target: b.name })), ...m.addressBans.map((b) => ({ ...b, target: b.address }))].map((b) =>
    el('tr', { 'data-ban': b.target }, el('th', { scope: 'row' }, b.target), el('td', {}, fmtUntil(b.until)), el('td', {}, b.reason), el('td', {}, b.by), el('td', {}, button('Unban', 'unban', b.target))),
  );
  $('bans').tBodies[0].replaceChildren(...(bans.length ? bans : [emptyRow(5, 'Nobody is banned.')]));
  const mutes = m.mutes.map((x) => el('tr', { 'data-mute': x.name }, el('th', { scope: 'row' }, x.name), el('td', {}, fmtUntil(x.until)), el('td', {}, x.reason), el('td', {}, x.by), el('td', {}, button('Unmute', 'unmute', x.name))));
  $('mutes').tBodies[0].replaceChildren(...(mutes.length ? mutes : [emptyRow(5, 'Nobody is muted.')]));
  const audit = m.audit.map((r) => el('tr', {}, el('td', {}, new Date(r.at).toLocaleString()), el('td', {}, r.by), el('td', {}, r.action), el('td', {}, r.target), el('td', {}, r.detail)));
  $('audit').tBodies[0].replaceChildren(...(audit.length ? audit : [emptyRow(5, 'No admin has done anything yet.')]));
}

async function refreshModeration() {
  const res = await fetch('/admin/api/moderation', { credentials: 'same-origin', cache: 'no-store' });
  if (res.ok) renderModeration(await res.json());
}

/** One action: the same code as the @command (POST /admin/moderation), then the tables again. */
async function moderate(action, target) {
  const result = $('moderation-result');
  // Ban and mute take the duration and reason typed in the form; a temporary password is shown here once.
  const body = { action, target, duration: $('m-duration').value, reason: $('m-reason').value };
  try {
    const res = await fetch('/admin/moderation', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const out = await res.json();
    result.textContent = out.text;
    result.dataset.state = out.ok ? 'ok' : 'error';
  } catch (e) {
    result.textContent = `${action} failed: ${e.message}`;
    result.dataset.state = 'error';
  }
  await refreshModeration();
}

// --- live events --------------------------------------------------------------

let source = null;
let paused = false;
/** Events that arrived while paused, shown on resume (at most MAX_EVENT_ROWS). */
let pending = [];
let shown = 0;

function summary(e) {
  const d = e.display && (e.display.others || e.display.actor);
  if (d && Array.isArray(d.spans)) return d.spans.map((s) => s.text).join('');
  const p = JSON.stringify(e.payload);
  return p && p.length > 160 ? p.slice(0, 157) + '…' : p || '';
}

function addEvent(e) {
  const list = $('events');
  const row = el(
    'li',
    { 'data-type': e.type, 'data-stream': e.stream },
    el(
      'details',
      {},
      el('summary', {}, el('span', { class: 'pos' }, '#' + e.position), ' ', el('time', { datetime: e.at }, new Date(e.at).toLocaleTimeString()), ' ', el('span', { class: 'type' }, e.type), ' ', el('span', { class: 'stream' }, e.stream), ' ', el('span', { class: 'text' }, summary(e))),
      el('pre', {}, JSON.stringify(e, null, 2)),
    ),
  );
  list.append(row);
  while (list.children.length > MAX_EVENT_ROWS) list.firstElementChild.remove();
  shown++;
  $('events-count').textContent = `${shown} event${shown === 1 ? '' : 's'} received${list.children.length < shown ? ` (newest ${list.children.length} shown)` : ''}.`;
  const section = $('events');
  if (section.scrollHeight - section.scrollTop - section.clientHeight < 80) section.scrollTop = section.scrollHeight;
}

function follow() {
  if (source) source.close();
  const q = new URLSearchParams();
  const stream = $('f-stream').value.trim();
  const type = $('f-type').value.trim();
  if (stream) q.set('stream', stream);
  if (type) q.set('type', type);
  const state = $('stream-state');
  state.textContent = 'connecting';
  state.dataset.state = 'connecting';
  source = new EventSource('/admin/events' + (q.size ? '?' + q : ''));
  source.onopen = () => {
    state.textContent = 'live';
    state.dataset.state = 'live';
  };
  source.onerror = () => {
    state.textContent = source.readyState === EventSource.CLOSED ? 'closed (reload to retry)' : 'reconnecting';
    state.dataset.state = 'reconnecting';
  };
  source.onmessage = (m) => {
    try {
      const e = JSON.parse(m.data);
      if (paused) {
        pending.push(e);
        if (pending.length > MAX_EVENT_ROWS) pending.shift();
      } else addEvent(e);
    } catch {
      /* a malformed frame is skipped, the stream goes on */
    }
  };
  const url = new URL(location.href);
  url.search = q.toString();
  history.replaceState(null, '', url);
}

document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(location.search);
  $('f-stream').value = params.get('stream') || '';
  $('f-type').value = params.get('type') || '';
  $('filter').addEventListener('submit', (ev) => {
    ev.preventDefault();
    follow();
  });
  $('pause').addEventListener('click', () => {
    paused = !paused;
    $('pause').setAttribute('aria-pressed', String(paused));
    $('pause').textContent = paused ? 'Resume' : 'Pause';
    if (!paused) {
      for (const e of pending) addEvent(e);
      pending = [];
    }
  });
  $('clear').addEventListener('click', () => {
    $('events').replaceChildren();
    shown = 0;
    $('events-count').textContent = 'Cleared.';
  });
  for (const b of $('moderate').querySelectorAll('button[data-action]')) b.addEventListener('click', () => moderate(b.dataset.action, $('m-target').value.trim()));
  $('moderate').addEventListener('submit', (ev) => ev.preventDefault());
  poll();
  refreshModeration();
  setInterval(refreshModeration, 5 * POLL_MS);
  follow();
});
