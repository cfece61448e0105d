// Myriad web client: a thin terminal. It sends what the player types as
// {"type":"input","text":…} and renders what the server sends (docs/protocol.md,
// WebSocket). All parsing of commands happens on the server.
// Plain browser JavaScript, no build step.
'use strict';

/** Messages kept in the scrollback; older ones leave the page. */
const MAX_SCROLLBACK = 2000;
/** Commands kept in the history (and in localStorage across reloads). */
const MAX_HISTORY = 50;
const HISTORY_KEY = 'myriad.history';
/** Seconds before each reconnect attempt; the last one repeats. Jittered ±20 %. */
const RECONNECT_STEPS = [1, 2, 3, 5, 8, 13, 20, 30];
/** A ping every 25 s; no pong within 10 s means the connection is dead (half-open TCP). */
const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
/** Distance from the bottom (px) under which new output keeps the view pinned. */
const PIN_SLACK_PX = 48;

const STYLES = new Set(['room-title', 'room-desc', 'exit', 'name', 'speech', 'emote', 'system', 'error', 'hint', 'emphasis', 'good', 'bad', 'item']);
const KINDS = new Set(['room', 'say', 'pose', 'move', 'info', 'system', 'error', 'help', 'replay', 'combat', 'prompt']);
const SHORT_EXITS = { n: 'north', ne: 'northeast', e: 'east', se: 'southeast', s: 'south', sw: 'southwest', w: 'west', nw: 'northwest', u: 'up', d: 'down' };

const $ = (id) => document.getElementById(id);

// --- state ----------------------------------------------------------------------

let ws = null;
let attempt = 0;
let reconnectTimer = null;
let countdownTimer = null;
let pingTimer = null;
let pongTimer = null;
/** The server said why it closes (quit, kicked): do not reconnect by ourselves. */
let closedOnPurpose = false;
let everOnline = false;
let passwordMode = false;
/** True once the server sent Char.Name: lines typed before that (logins) never reach the history. */
let inGame = false;

const history = loadHistory();
let historyIndex = history.length;
let draft = '';

// --- connection -----------------------------------------------------------------

function wsUrl() {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
}

function setState(state, detail) {
  const conn = $('conn');
  conn.dataset.state = state;
  $('conn-label').textContent = state;
  $('conn-detail').textContent = detail || '';
  $('reconnect').hidden = !(state === 'reconnecting' || state === 'offline');
  document.body.dataset.conn = state;
}

function connect() {
  clearTimeout(reconnectTimer);
  clearInterval(countdownTimer);
  if (ws) {
    ws.onclose = null;
    ws.close();
  }
  closedOnPurpose = false;
  setState('connecting', '…');
  let socket;
  try {
    socket = new WebSocket(wsUrl(), ['myriad.v1']);
  } catch {
    scheduleReconnect();
    return;
  }
  ws = socket;
  socket.onopen = () => {
    attempt = 0;
    if (everOnline) systemLine('Reconnected.');
    everOnline = true;
    setState('online');
    startPing();
  };
  socket.onmessage = (m) => {
    let frame;
    try {
      frame = JSON.parse(m.data);
    } catch {
      return; // not ours; the JSON protocol sends one object per message
    }
    handleFrame(frame);
  };
  socket.onclose = () => {
    if (ws !== socket) return;
    ws = null;
    stopPing();
    inGame = false;
    setPasswordMode(false);
    $('prompt').textContent = '';
    if (closedOnPurpose) {
      setState('offline', ' — press Enter to connect again');
      return;
    }
    if (everOnline && attempt === 0) systemLine('Connection lost.');
    scheduleReconnect();
  };
}

function scheduleReconnect() {
  const step = RECONNECT_STEPS[Math.min(attempt, RECONNECT_STEPS.length - 1)];
  attempt++;
  let left = Math.max(1, Math.round(step * (0.8 + Math.random() * 0.4)));
  setState('reconnecting', ` in ${left} s`);
  clearInterval(countdownTimer);
  countdownTimer = setInterval(() => {
    left--;
    if (left > 0) setState('reconnecting', ` in ${left} s`);
  }, 1000);
  reconnectTimer = setTimeout(connect, left * 1000);
}

function startPing() {
  stopPing();
  pingTimer = setInterval(() => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify({ type: 'ping', id: Date.now() }));
    clearTimeout(pongTimer);
    pongTimer = setTimeout(() => ws && ws.close(), PONG_TIMEOUT_MS);
  }, PING_EVERY_MS);
}

function stopPing() {
  clearInterval(pingTimer);
  clearTimeout(pongTimer);
}

function send(text) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'input', text }));
}

// --- frames ---------------------------------------------------------------------

function handleFrame(f) {
  switch (f.type) {
    case 'output':
      appendMessage(f.kind, Array.isArray(f.spans) ? f.spans : [{ text: String(f.text ?? '') }]);
      break;
    case 'prompt':
      $('prompt').textContent = String(f.text ?? '');
      break;
    case 'echo':
      setPasswordMode(!!f.hidden);
      break;
    case 'data':
      onData(String(f.package), f.value);
      break;
    case 'error':
      appendMessage('error', [{ text: String(f.message ?? f.code ?? 'error'), style: 'error' }]);
      break;
    case 'closing':
      closedOnPurpose = true;
      if (f.reason) appendMessage('system', [{ text: String(f.reason), style: 'system' }]);
      break;
    case 'pong':
      clearTimeout(pongTimer);
      break;
    default:
      break; // newer servers may send more; ignore what we do not know
  }
}

// --- output ---------------------------------------------------------------------

/** Is the view at the bottom? Kept from scroll events, so a layout change (status bar grows) does not unpin it. */
let pinned = true;

function isPinned() {
  const out = $('output');
  return out.scrollHeight - out.scrollTop - out.clientHeight < PIN_SLACK_PX;
}

function appendNode(node) {
  const out = $('output');
  out.append(node);
  while (out.childElementCount > MAX_SCROLLBACK) out.firstElementChild.remove();
  if (pinned) out.scrollTop = out.scrollHeight;
  else $('jump').hidden = false;
}

function appendMessage(kind, spans) {
  const line = document.createElement('div');
  line.className = 'msg k-' + (KINDS.has(kind) ? kind : 'info');
  for (const s of spans) line.append(renderSpan(s));
  appendNode(line);
}

function renderSpan(s) {
  const text = String(s.text ?? '');
  const style = STYLES.has(s.style) ? s.style : null;
  let node;
  if (style === 'exit') {
    // Exits are commands: one click (or Enter on the focused button) walks.
    node = document.createElement('button');
    node.type = 'button';
    node.className = 'ref';
    node.dataset.command = 'go ' + text.trim();
    node.title = 'go ' + text.trim();
  } else if (s.ref && (style === 'name' || style === 'item')) {
    // Character and item refs: clicking puts the name into the input (to talk to them, give, …).
    node = document.createElement('button');
    node.type = 'button';
    node.className = 'ref';
    node.dataset.insert = text.trim();
    node.title = 'Add "' + text.trim() + '" to the input';
  } else {
    node = document.createElement('span');
  }
  if (style) node.classList.add('s-' + style);
  if (s.ref) node.dataset.ref = String(s.ref);
  node.textContent = text;
  return node;
}

function systemLine(text) {
  appendMessage('system', [{ text, style: 'system' }]);
}

/** What the player typed, shown in the scrollback. Passwords never; a login line's password masked. */
function echoLine(text) {
  if (passwordMode) return;
  const shown = inGame ? text : text.replace(/^(\s*(?:connect|co|create|cr)\s+\S+\s+).+$/i, (_, head) => head + '••••••');
  const line = document.createElement('div');
  line.className = 'msg echo';
  line.textContent = ($('prompt').textContent || '> ') + shown;
  appendNode(line);
}

// --- structured data (status bar) -------------------------------------------------

function onData(pkg, value) {
  const v = value && typeof value === 'object' ? value : {};
  switch (pkg) {
    case 'Char.Name':
      inGame = true;
      $('st-name').textContent = String(v.fullname || v.name || '');
      break;
    case 'Room.Info':
      renderRoom(v);
      break;
    case 'Char.Vitals':
      renderVitals(v);
      break;
    default:
      break;
  }
}

function renderRoom(room) {
  const name = String(room.name || '');
  $('st-room').textContent = name + (room.area ? ' · ' + room.area : '');
  $('st-room').dataset.empty = String(!name);
  const exits = room.exits && typeof room.exits === 'object' ? Object.keys(room.exits) : [];
  $('st-exits').replaceChildren(
    ...exits.map((key) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'exit-btn';
      b.dataset.command = 'go ' + key;
      b.textContent = SHORT_EXITS[key] || key;
      b.setAttribute('aria-label', 'go ' + (SHORT_EXITS[key] || key));
      return b;
    }),
  );
}

/**
 * Vitals from any pack: {hp: 40, maxhp: 50, mp: 10, maxmp: 20, …} becomes bars
 * "hp 40/50"; keys without a max are shown as "key value".
 */
// GMCP's conventional short keys, as players read them (the key stays in data-vital).
const VITAL_LABELS = { ep: 'stamina', hp: 'hp', mp: 'mp' };

function renderVitals(v) {
  const parts = [];
  for (const [k, raw] of Object.entries(v)) {
    if (k === 'string') continue; // the whole line, for clients without gauges
    if (/^max/i.test(k) && Object.prototype.hasOwnProperty.call(v, k.slice(3))) continue;
    const max = v['max' + k] ?? v['max_' + k] ?? v['max' + k.charAt(0).toUpperCase() + k.slice(1)];
    const cur = Number(raw);
    const wrap = document.createElement('span');
    wrap.className = 'vital';
    wrap.dataset.vital = k;
    if (max !== undefined && Number(max) > 0 && Number.isFinite(cur)) {
      const pct = Math.max(0, Math.min(100, (cur / Number(max)) * 100));
      const bar = document.createElement('span');
      bar.className = 'vital-bar';
      bar.setAttribute('role', 'meter');
      bar.setAttribute('aria-label', VITAL_LABELS[k] || k);
      bar.setAttribute('aria-valuemin', '0');
      bar.setAttribute('aria-valuemax', String(max));
      bar.setAttribute('aria-valuenow', String(cur));
      const fill = document.createElement('span');
      fill.className = 'vital-fill' + (pct < 25 ? ' low' : '');
      fill.style.width = pct + '%';
      bar.append(fill);
      wrap.append(`${VITAL_LABELS[k] || k} ${cur}/${max} `, bar);
    } else {
      wrap.append(`${k} ${typeof raw === 'object' ? JSON.stringify(raw) : raw}`);
    }
    parts.push(wrap);
  }
  $('st-vitals').replaceChildren(...parts);
}

// --- input ----------------------------------------------------------------------

function setPasswordMode(on) {
  passwordMode = on;
  const input = $('input');
  input.type = on ? 'password' : 'text';
  input.autocomplete = on ? 'current-password' : 'off';
  $('input-label').textContent = on ? 'Password' : 'Command';
  document.body.classList.toggle('password-mode', on);
  if (on) input.value = '';
}

function loadHistory() {
  try {
    const raw = JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(raw) ? raw.filter((x) => typeof x === 'string').slice(-MAX_HISTORY) : [];
  } catch {
    return [];
  }
}

function remember(line) {
  historyIndex = history.length;
  draft = '';
  if (!inGame || passwordMode || !line.trim()) return;
  if (history[history.length - 1] !== line) history.push(line);
  while (history.length > MAX_HISTORY) history.shift();
  historyIndex = history.length;
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
  } catch {
    /* private mode or full storage: history stays in memory */
  }
}

function submit(text) {
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    // Keep what was typed; connect now (offline, or waiting out a reconnect delay).
    $('input').value = text;
    if (!ws) {
      attempt = 0;
      connect();
    }
    return;
  }
  echoLine(text);
  remember(text);
  send(text);
}

function historyStep(dir) {
  const input = $('input');
  if (passwordMode || history.length === 0) return;
  if (historyIndex === history.length) draft = input.value;
  historyIndex = Math.max(0, Math.min(history.length, historyIndex + dir));
  input.value = historyIndex === history.length ? draft : history[historyIndex];
  // Cursor to the end, after the browser has moved it.
  requestAnimationFrame(() => input.setSelectionRange(input.value.length, input.value.length));
}

function runCommand(command) {
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  echoLine(command);
  remember(command);
  send(command);
  $('input').focus();
}

document.addEventListener('DOMContentLoaded', () => {
  const input = $('input');
  const out = $('output');

  $('input-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value;
    input.value = '';
    submit(text);
  });

  input.addEventListener('keydown', (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      historyStep(-1);
    } else if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      historyStep(1);
    } else if (ev.key === 'Escape') {
      input.value = '';
      historyIndex = history.length;
    } else if (ev.key === 'PageUp' || ev.key === 'PageDown') {
      ev.preventDefault();
      out.scrollBy({ top: (ev.key === 'PageUp' ? -1 : 1) * out.clientHeight * 0.9 });
    }
  });

  // Typing anywhere (not in a control) goes to the input, like a terminal.
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.key.length !== 1) return;
    const t = ev.target;
    if (t === input || (t instanceof HTMLElement && t.closest('input, textarea, select, button'))) return;
    input.focus();
  });

  // Clickable exits, names and status-bar exits.
  document.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target.closest('[data-command], [data-insert]') : null;
    if (!t) return;
    if (t.dataset.command) runCommand(t.dataset.command);
    else if (t.dataset.insert) {
      input.value = (input.value && !input.value.endsWith(' ') ? input.value + ' ' : input.value) + t.dataset.insert + ' ';
      input.focus();
    }
  });

  out.addEventListener('scroll', () => {
    pinned = isPinned();
    if (pinned) $('jump').hidden = true;
  });
  // The status bar, the keyboard on a phone, a rotated screen: keep the newest line in view.
  new ResizeObserver(() => {
    if (pinned) out.scrollTop = out.scrollHeight;
  }).observe(out);
  $('jump').addEventListener('click', () => {
    out.scrollTop = out.scrollHeight;
    $('jump').hidden = true;
    input.focus();
  });
  $('reconnect').addEventListener('click', () => {
    attempt = 0;
    connect();
    input.focus();
  });

  // Back from a sleeping tab or a dead network: try at once instead of waiting out the backoff.
  const retrySoon = () => {
    if (!ws && !closedOnPurpose && document.visibilityState === 'visible') connect();
  };
  window.addEventListener('online', retrySoon);
  document.addEventListener('visibilitychange', retrySoon);

  connect();
  input.focus();
});
