// The ALM console: plain JavaScript, no build step, nothing from a CDN.
//
// Rule for everything below: data from the network becomes text (textContent / text nodes /
// attribute values), never markup. The only way this file builds DOM is h(), which has no way
// to parse HTML. The server's Content-Security-Policy forbids inline script as a second wall.

import { SEVERITIES, TEXT } from './i18n.js';
import { handlingEntries, initHandling, runbookView } from './runbook.js';
import { initSilences, loadSilences, prefillFrom, silencesView } from './silences.js';

const TOKEN_KEY = 'alm.token';
const LANG_KEY = 'alm.lang';
const PAGE_SIZES = [20, 50, 100];
const CLEAR_TYPES = ['auto', 'manual', 'retracted'];

const DEFAULT_QUERY = {
  alarmId: '', severity: '', source: '', clientIp: '', acknowledged: '', clearType: '', from: '', to: '', q: '',
  sort: 'occurredAt', order: 'desc', limit: 50, offset: 0,
};

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  lang: localStorage.getItem(LANG_KEY) || ((navigator.language || '').startsWith('zh') ? 'zh' : 'en'),
  session: null,
  definitions: new Map(),
  route: { view: 'active' },
  queries: { active: { ...DEFAULT_QUERY }, history: { ...DEFAULT_QUERY } },
  page: null,
  selected: new Set(),
  detail: null,
  live: 'connecting',
  stream: null,
  lastEventId: null,
  refreshTimer: null,
  reconnectTimer: null,
  signInError: '',
  filtersOpen: window.matchMedia('(min-width: 821px)').matches,
  /** Root-cause alarms whose children are shown, by serial number: their children once loaded. */
  expanded: new Map(),
};

/** Typed but not yet submitted values of fields, by id, kept across redraws. */
const drafts = new Map();

// ---------------------------------------------------------------- small helpers

/** Builds an element. Children that are not nodes become text nodes: never parsed as HTML. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'checked' || key === 'disabled' || key === 'value' || key === 'indeterminate') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function t(key, vars = {}) {
  const words = TEXT[state.lang] || TEXT.en;
  let text = key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), words);
  if (text === undefined) text = key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), TEXT.en) ?? key;
  return String(text).replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

const zh = () => state.lang === 'zh';

/** A time in the browser's zone as operators write it (2026-11-20 09:03:00), with the UTC instant on hover. */
function when(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, String(iso));
  const pad = (n) => String(n).padStart(2, '0');
  const local = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return h('time', { datetime: iso, title: `${t('utcHint')} ${date.toISOString()}` }, local);
}

/** Matches the ISO-8601 instants the engine writes into texts (history details, parameters). */
const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A text with every instant in it shown as when() shows times: the browser's zone, UTC on hover. */
function withTimes(value) {
  const text = String(value);
  const parts = [];
  let at = 0;
  for (const m of text.matchAll(INSTANT)) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    parts.push(when(m[0]));
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** Where an alarm is: the client side, then the server it lost (two servers of one client differ). */
function whereOf(params) {
  const client = [params.clientIp, params.clientName, params.sinkName].filter((v) => v).join(' · ');
  if (!params.serverHost) return client;
  const host = params.serverHost.includes(':') ? `[${params.serverHost}]` : params.serverHost;
  const server = params.serverPort ? `${host}:${params.serverPort}` : host;
  return client ? `${client} → ${server}` : server;
}

function alarmName(alarm) {
  return zh() ? (alarm.nameZh || alarm.name) : (alarm.name || alarm.nameZh);
}

function severityBadge(severity) {
  return h('span', { class: `sev sev-${SEVERITIES.includes(severity) ? severity : 'unknown'}` }, t(`severity.${severity}`));
}

function code(alarm) {
  return `ALM-${Number(alarm.alarmId)}`;
}

function canAct() {
  return state.session && (state.session.role === 'operator' || state.session.role === 'admin');
}

function isAdmin() {
  return state.session && state.session.role === 'admin';
}

function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.replaceChildren(h('div', { class: `note ${kind}` }, message));
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => box.replaceChildren(), kind === 'error' ? 9000 : 5000);
}

class ApiError extends Error {
  constructor(status, message, problems) {
    super(message);
    this.status = status;
    this.problems = problems || [];
  }
}

async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${state.token}` };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method: options.method || 'GET', headers, cache: 'no-store',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (e) {
    throw new ApiError(0, t('cannotReach'));
  }
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (response.status === 401 && !options.signingIn) {
    signOut(t('sessionEnded'));
    throw new ApiError(401, t('sessionEnded'));
  }
  if (!response.ok) {
    const problems = data && Array.isArray(data.problems) ? data.problems : [];
    throw new ApiError(response.status, (data && data.error) || response.statusText, problems);
  }
  return data;
}

function describeError(e) {
  return e.problems && e.problems.length ? `${e.message}: ${e.problems.join('; ')}` : e.message;
}

// ---------------------------------------------------------------- sign in and out

async function signIn(token) {
  state.token = token.trim();
  try {
    state.session = await api('/api/session', { signingIn: true });
  } catch (e) {
    state.token = null;
    state.signInError = e.status === 401 ? t('badToken') : describeError(e);
    render();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, state.token);
  state.signInError = '';
  await start();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.session = null;
  state.page = null;
  state.detail = null;
  state.selected.clear();
  stopStream();
  state.signInError = message || '';
  render();
}

async function start() {
  try {
    state.session = state.session || await api('/api/session');
    const defs = await api('/api/definitions');
    state.definitions = new Map(defs.items.map((d) => [Number(d.id), d]));
  } catch (e) {
    if (e.status !== 401) toast(describeError(e), 'error');
    return;
  }
  openStream();
  route();
}

// ---------------------------------------------------------------- live updates

function openStream() {
  stopStream();
  let url = `/api/stream?access_token=${encodeURIComponent(state.token)}`;
  if (state.lastEventId) url += `&lastEventId=${encodeURIComponent(state.lastEventId)}`;
  const stream = new EventSource(url);
  state.stream = stream;
  setLive(state.lastEventId ? 'reconnecting' : 'connecting');
  const seen = (e) => {
    if (e.lastEventId) state.lastEventId = e.lastEventId;
    setLive('live');
  };
  // A change between loading the page and subscribing would be missed: load again once subscribed.
  stream.addEventListener('ready', (e) => { seen(e); refresh(); });
  stream.addEventListener('reset', (e) => { seen(e); refresh(); });
  stream.addEventListener('alarm', (e) => {
    seen(e);
    let data;
    try { data = JSON.parse(e.data); } catch (err) { return; }
    onAlarmChange(data.alarm, data.change);
  });
  stream.addEventListener('removed', (e) => {
    seen(e);
    let data;
    try { data = JSON.parse(e.data); } catch (err) { return; }
    onAlarmRemoved(data.serialNo);
  });
  stream.addEventListener('error', () => {
    if (state.stream !== stream) return;
    if (stream.readyState === EventSource.CLOSED) {
      // The browser gave up (e.g. the token was refused): find out why, then try again later.
      setLive('reconnecting');
      stream.close();
      state.stream = null;
      clearTimeout(state.reconnectTimer);
      state.reconnectTimer = setTimeout(async () => {
        try {
          await api('/api/session');
          openStream();
        } catch (e) {
          if (e.status !== 401 && state.token) state.reconnectTimer = setTimeout(openStream, 3000);
        }
      }, 2000);
    } else {
      setLive('reconnecting');
    }
  });
}

function stopStream() {
  clearTimeout(state.reconnectTimer);
  if (state.stream) state.stream.close();
  state.stream = null;
}

function setLive(status) {
  state.live = status;
  const el = document.getElementById('live');
  el.className = `live live-${status}`;
  el.textContent = status === 'live' ? t('live') : t(status);
}

/** Applies one change at once where it is visible, then asks the server for the exact page shortly after. */
function onAlarmChange(alarm, change) {
  if (!alarm) return;
  const view = state.route.view;
  if ((view === 'active' || view === 'history') && state.page) {
    const wanted = view === 'active' ? 'active' : 'cleared';
    const items = state.page.items;
    const at = items.findIndex((a) => a.serialNo === alarm.serialNo);
    const query = state.queries[view];
    if (at >= 0) {
      if (alarm.state !== wanted) {
        items.splice(at, 1);
        state.page.total = Math.max(0, state.page.total - 1);
        if (state.page.counts && alarm.severity in state.page.counts) state.page.counts[alarm.severity] -= 1;
        state.selected.delete(alarm.serialNo);
      } else {
        items[at] = alarm;
      }
    } else if (alarm.state === wanted && query.offset === 0 && query.sort === 'occurredAt' && query.order === 'desc'
        && !hasFilters(query)) {
      items.unshift(alarm);
      if (items.length > query.limit) items.pop();
      state.page.total += 1;
      if (state.page.counts && alarm.severity in state.page.counts) state.page.counts[alarm.severity] += 1;
    }
    state.flash = alarm.serialNo;
    clearTimeout(state.flashTimer);
    state.flashTimer = setTimeout(() => { state.flash = null; }, 1500);
    renderMain();
  } else if (view === 'alarm' && state.detail && state.detail.serialNo === alarm.serialNo) {
    loadDetail(alarm.serialNo);
    return;
  }
  // At most one reload of the page per half second, however many changes arrive.
  if (!state.refreshTimer) {
    state.refreshTimer = setTimeout(() => { state.refreshTimer = null; refresh(); }, 500);
  }
}

/**
 * A cleared alarm past its retention is gone from the server: its row goes at once, since no later
 * change will ever come to replace it; the page is then reloaded to fill the gap.
 */
function onAlarmRemoved(serialNo) {
  if (typeof serialNo !== 'number') return;
  const view = state.route.view;
  if ((view === 'active' || view === 'history') && state.page) {
    const items = state.page.items;
    const at = items.findIndex((a) => a.serialNo === serialNo);
    if (at >= 0) {
      const [gone] = items.splice(at, 1);
      state.page.total = Math.max(0, state.page.total - 1);
      if (state.page.counts && gone.severity in state.page.counts) state.page.counts[gone.severity] -= 1;
      state.selected.delete(serialNo);
      renderMain();
    }
  } else if (view === 'alarm' && state.detail && state.detail.serialNo === serialNo) {
    loadDetail(serialNo);
    return;
  }
  if (!state.refreshTimer) {
    state.refreshTimer = setTimeout(() => { state.refreshTimer = null; refresh(); }, 500);
  }
}

function hasFilters(q) {
  return ['alarmId', 'severity', 'source', 'clientIp', 'acknowledged', 'clearType', 'from', 'to', 'q'].some((k) => q[k] !== '');
}

// ---------------------------------------------------------------- routing

function route() {
  drafts.clear();
  const hash = location.hash || '#/active';
  const alarm = hash.match(/^#\/alarm\/(\d+)$/);
  if (alarm) {
    state.route = { view: 'alarm', serial: Number(alarm[1]) };
    state.detail = null;
    render();
    loadDetail(state.route.serial);
  } else if (hash === '#/silences') {
    state.route = { view: 'silences' };
    render();
    loadSilences();
  } else {
    state.route = { view: hash === '#/history' ? 'history' : 'active' };
    state.selected.clear();
    state.page = null;
    render();
    loadList();
  }
}

function refresh() {
  if (!state.token) return;
  if (state.route.view === 'alarm') loadDetail(state.route.serial);
  else if (state.route.view === 'silences') loadSilences();
  else loadList();
}

/** The list's filters and order as query parameters: what the list and its export share. */
function filterParams(view, q) {
  const params = new URLSearchParams({ state: view === 'history' ? 'cleared' : 'active' });
  for (const key of ['alarmId', 'severity', 'source', 'clientIp', 'acknowledged', 'clearType', 'q']) {
    if (q[key] !== '') params.set(key, q[key]);
  }
  for (const key of ['from', 'to']) {
    if (q[key] !== '') params.set(key, new Date(q[key]).toISOString());
  }
  params.set('sort', q.sort);
  params.set('order', q.order);
  return params;
}

/** Downloads every alarm matching the current filters as CSV, headers in the console's language. */
async function exportCsv(view) {
  const params = filterParams(view, state.queries[view]);
  params.set('format', 'csv');
  params.set('lang', zh() ? 'zh' : 'en');
  try {
    const response = await fetch(`/api/alarms/export?${params}`, {
      headers: { Authorization: `Bearer ${state.token}` }, cache: 'no-store',
    });
    if (!response.ok) {
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      throw new ApiError(response.status, (data && data.error) || response.statusText,
        data && Array.isArray(data.problems) ? data.problems : []);
    }
    const disposition = response.headers.get('Content-Disposition') || '';
    const named = disposition.match(/filename="([^"]+)"/);
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: named ? named[1] : 'alarms.csv' });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    toast(e instanceof ApiError ? describeError(e) : t('cannotReach'), 'error');
  }
}

async function loadList() {
  const view = state.route.view;
  const q = state.queries[view];
  const params = filterParams(view, q);
  params.set('limit', q.limit);
  params.set('offset', q.offset);
  try {
    const page = await api(`/api/alarms?${params}`);
    if (state.route.view !== view) return;
    const childrenChanged = await reloadChildren();
    if (state.route.view !== view) return;
    // Redraw only when something changed: a redraw under the pointer can swallow a click.
    if (!childrenChanged && state.page && JSON.stringify(page) === JSON.stringify(state.page)) return;
    state.page = page;
    const visible = new Set(page.items.map((a) => a.serialNo));
    for (const serial of [...state.selected]) if (!visible.has(serial)) state.selected.delete(serial);
    renderMain();
  } catch (e) {
    if (e.status !== 401) toast(describeError(e), 'error');
  }
}

async function loadDetail(serial) {
  try {
    const alarm = await api(`/api/alarms/${encodeURIComponent(serial)}`);
    if (state.route.view !== 'alarm' || state.route.serial !== serial) return;
    if (state.detail && JSON.stringify(alarm) === JSON.stringify(state.detail)) return;
    state.detail = alarm;
  } catch (e) {
    if (e.status === 404) state.detail = { missing: serial };
    else if (e.status !== 401) toast(describeError(e), 'error');
  }
  renderMain();
}

// ---------------------------------------------------------------- actions

/** Runs a batch action on the selection (or one alarm) and says how it went. */
async function act(action, serials, extra = {}) {
  const label = { ack: t('ack'), unack: t('unack'), clear: t('clear').replace('…', '') }[action];
  try {
    const answer = await api(`/api/alarms/${action}`, { method: 'POST', body: { serialNos: serials, ...extra } });
    const refused = answer.results.filter((r) => r.status !== 200);
    const message = [t('done', { action: label, ok: answer.succeeded, failed: answer.failed })];
    for (const r of refused.slice(0, 3)) message.push(t('refused', { serial: r.serialNo, error: r.error }));
    toast(message.join(' '), refused.length ? 'error' : 'info');
    for (const r of answer.results) if (r.status === 200) state.selected.delete(r.serialNo);
  } catch (e) {
    if (e.status !== 401) toast(describeError(e), 'error');
  }
  refresh();
}

async function commentOn(serials, text) {
  let failed = 0;
  for (const serial of serials) {
    try {
      await api(`/api/alarms/${serial}/comments`, { method: 'POST', body: { text } });
    } catch (e) {
      failed += 1;
      if (e.status !== 401) toast(t('refused', { serial, error: describeError(e) }), 'error');
    }
  }
  if (!failed) toast(t('done', { action: t('comment').replace('…', ''), ok: serials.length, failed: 0 }));
  refresh();
}

/** Asks for a text in a modal dialog; resolves to the text, or null when cancelled. */
function ask(title, label, { required = false } = {}) {
  const dialog = document.getElementById('dialog');
  return new Promise((resolve) => {
    const input = h('textarea', { id: 'dialog-text', rows: 3, maxlength: 4000, required: required || null });
    const form = h('form', { method: 'dialog', class: 'dialog-form' },
      h('h2', { id: 'dialog-title' }, title),
      h('label', { for: 'dialog-text' }, label),
      input,
      h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'plain', onclick: () => dialog.close('cancel') }, t('cancel')),
        h('button', { type: 'submit', value: 'ok', id: 'dialog-ok' }, t('confirm'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (required && !input.value.trim()) { input.focus(); return; }
      dialog.close('ok');
    });
    dialog.replaceChildren(form);
    dialog.onclose = () => resolve(dialog.returnValue === 'ok' ? input.value.trim() : null);
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
  });
}

async function clearWithReason(serials) {
  const reason = await ask(t('clearTitle', { n: serials.length }), t('clearReason'));
  if (reason !== null) act('clear', serials, { reason });
}

async function commentWithText(serials) {
  const text = await ask(t('commentTitle', { n: serials.length }), t('commentText'), { required: true });
  if (text) commentOn(serials, text);
}

// ---------------------------------------------------------------- rendering

function render() {
  document.documentElement.lang = zh() ? 'zh-CN' : 'en';
  document.title = zh() ? 'ALM 告警控制台' : 'ALM Engine console';
  document.querySelector('.skip').textContent = t('skip');
  const signedIn = Boolean(state.token && state.session);
  const bar = document.getElementById('topbar');
  bar.hidden = !signedIn;
  const lang = document.getElementById('lang');
  lang.textContent = t('switchTo');
  lang.setAttribute('aria-label', t('switchToLabel'));
  lang.setAttribute('lang', zh() ? 'en' : 'zh-CN');
  if (signedIn) {
    document.getElementById('signout').textContent = t('signOut');
    document.getElementById('who').textContent = `${state.session.name} · ${state.session.role}`;
    const view = state.route.view;
    document.getElementById('tabs').replaceChildren(
      h('a', { href: '#/active', 'aria-current': view === 'active' ? 'page' : null }, t('tabActive')),
      h('a', { href: '#/history', 'aria-current': view === 'history' ? 'page' : null }, t('tabHistory')),
      h('a', { href: '#/silences', id: 'tab-silences', 'aria-current': view === 'silences' ? 'page' : null }, t('sl.tab')));
    setLive(state.live);
  }
  renderMain();
}

function renderMain() {
  const main = document.getElementById('main');
  if (!state.token || !state.session) {
    main.replaceChildren(signInView());
    const field = document.getElementById('token');
    if (field) field.focus();
    return;
  }
  // Live updates redraw the page; what the user is typing and where the cursor is must survive that.
  const focused = document.activeElement;
  const focusedId = focused && main.contains(focused) ? focused.id : null;
  let caret = null;
  try { caret = focused ? [focused.selectionStart, focused.selectionEnd] : null; } catch (e) { caret = null; }
  if (state.route.view === 'alarm') main.replaceChildren(detailView());
  else if (state.route.view === 'silences') main.replaceChildren(silencesView());
  else main.replaceChildren(listView());
  for (const [id, value] of drafts) {
    const el = document.getElementById(id);
    if (el && 'value' in el && el.type !== 'checkbox' && el.value !== value) el.value = value;
  }
  if (focusedId) {
    const again = document.getElementById(focusedId);
    if (again) {
      again.focus();
      if (caret && caret[0] !== null && caret[0] !== undefined && typeof again.setSelectionRange === 'function') {
        try { again.setSelectionRange(caret[0], caret[1]); } catch (e) { /* not a text field */ }
      }
    }
  }
}

function signInView() {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  return h('section', { class: 'signin' },
    h('h1', {}, t('signInTitle')),
    h('p', { class: 'muted' }, t('signInHelp')),
    h('form', {
      onsubmit: (e) => { e.preventDefault(); if (input.value.trim()) signIn(input.value); },
    },
    h('label', { for: 'token' }, t('token')),
    input,
    h('button', { type: 'submit', id: 'signin' }, t('signIn'))),
    state.signInError ? h('p', { class: 'error', role: 'alert', id: 'signin-error' }, state.signInError) : null,
    h('button', { type: 'button', class: 'plain', onclick: switchLanguage }, t('switchTo')));
}

function listView() {
  const view = state.route.view;
  const history = view === 'history';
  const query = state.queries[view];
  const page = state.page;
  return h('section', { class: 'list', 'aria-labelledby': 'list-title' },
    h('h1', { id: 'list-title', class: 'visually-hidden' }, history ? t('tabHistory') : t('tabActive')),
    severityBar(query, page),
    filterForm(view, query),
    canAct() && !history ? actionBar() : null,
    !canAct() ? h('p', { class: 'muted small' }, t('viewerNote')) : null,
    h('div', { class: 'table-wrap' }, alarmTable(view, query, page)),
    pager(query, page));
}

function severityBar(query, page) {
  const counts = (page && page.counts) || {};
  return h('div', { class: 'sevbar', role: 'group', 'aria-label': t('countsLabel') },
    SEVERITIES.map((sev) => h('button', {
      type: 'button',
      class: `sevcount sev-${sev}`,
      id: `count-${sev}`,
      'aria-pressed': query.severity === sev ? 'true' : 'false',
      title: t('filterBySeverity', { sev: t(`severity.${sev}`) }),
      onclick: () => {
        query.severity = query.severity === sev ? '' : sev;
        query.offset = 0;
        drafts.delete('f-severity');
        loadList();
      },
    }, h('span', { class: 'dot', 'aria-hidden': 'true' }), t(`severity.${sev}`), ' ',
    h('strong', { class: 'n' }, page ? String(counts[sev] ?? 0) : '…'))));
}

function filterForm(view, query) {
  const field = (key, label, input) => h('div', { class: 'field' }, h('label', { for: `f-${key}` }, label), input);
  const text = (key, extra = {}) => h('input', { id: `f-${key}`, name: key, value: query[key], ...extra });
  const choice = (key, options) => h('select', { id: `f-${key}`, name: key },
    options.map(([value, label]) => h('option', { value, selected: query[key] === value ? true : null }, label)));
  const form = h('form', {
    class: 'filters',
    id: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      for (const key of ['alarmId', 'severity', 'source', 'clientIp', 'acknowledged', 'clearType', 'from', 'to', 'q']) {
        query[key] = String(data.get(key) || '').trim();
      }
      query.offset = 0;
      drafts.clear();
      loadList();
    },
  },
  field('q', t('search'), text('q', { type: 'search', placeholder: t('searchHint'), maxlength: 200 })),
  field('alarmId', t('alarmId'), choice('alarmId', [['', t('any')],
    ...[...state.definitions.values()].map((d) => [String(d.id), `ALM-${d.id} ${zh() ? d.nameZh : d.name}`])])),
  field('severity', t('severityCol'), choice('severity', [['', t('allSeverities')],
    ...SEVERITIES.map((s) => [s, t(`severity.${s}`)])])),
  field('source', t('source'), text('source', { maxlength: 200 })),
  field('clientIp', t('clientIp'), text('clientIp', { maxlength: 200 })),
  view === 'active' ? field('acknowledged', t('acknowledged'),
    choice('acknowledged', [['', t('any')], ['true', t('yes')], ['false', t('no')]])) : null,
  // Retracted alarms (never an outage) are a clear type of their own, to be shown or left out.
  view === 'history' ? field('clearType', t('clearType'),
    choice('clearType', [['', t('any')], ...CLEAR_TYPES.map((c) => [c, t(`clearTypes.${c}`)])])) : null,
  field('from', t('from'), text('from', { type: 'datetime-local', step: 1 })),
  field('to', t('to'), text('to', { type: 'datetime-local', step: 1 })),
  h('div', { class: 'field buttons' },
    h('button', { type: 'submit', id: 'apply' }, t('apply')),
    h('button', {
      type: 'button', class: 'plain',
      onclick: () => { state.queries[view] = { ...DEFAULT_QUERY, limit: query.limit }; drafts.clear(); loadList(); },
    }, t('reset')),
    // The applied filters, not the ones being typed: what the list shows is what is exported.
    h('button', { type: 'button', class: 'plain', id: 'export', onclick: () => exportCsv(view) }, t('exportCsv'))));
  // On a narrow screen the filters start folded away, so the alarms come first.
  const box = h('details', { class: 'filter-box', open: state.filtersOpen ? true : null },
    h('summary', { id: 'filters-toggle' }, t('filters'), hasFilters(query) ? h('span', { class: 'dot-on', 'aria-hidden': 'true' }, ' ●') : null),
    form);
  box.addEventListener('toggle', () => { state.filtersOpen = box.open; });
  return box;
}

function actionBar() {
  const serials = [...state.selected];
  const none = serials.length === 0;
  return h('div', { class: 'actions', role: 'toolbar', 'aria-label': t('select') },
    h('span', { class: 'muted', id: 'selection-count' }, t('selected', { n: serials.length })),
    h('button', { type: 'button', id: 'act-ack', disabled: none, onclick: () => act('ack', serials) }, t('ack')),
    h('button', { type: 'button', id: 'act-unack', disabled: none, onclick: () => act('unack', serials) }, t('unack')),
    h('button', { type: 'button', id: 'act-clear', disabled: none, onclick: () => clearWithReason(serials) }, t('clear')),
    h('button', { type: 'button', id: 'act-comment', disabled: none, onclick: () => commentWithText(serials) },
      t('comment')));
}

function sortHeader(query, key, label, extraClass = '') {
  const active = query.sort === key;
  const ariaSort = active ? (query.order === 'desc' ? 'descending' : 'ascending') : 'none';
  return h('th', { scope: 'col', 'aria-sort': ariaSort, class: extraClass || null },
    h('button', {
      type: 'button', class: 'sort', id: `sort-${key}`, title: t('sortBy', { col: label }),
      onclick: () => {
        query.order = active && query.order === 'desc' ? 'asc' : 'desc';
        query.sort = key;
        query.offset = 0;
        loadList();
      },
    }, label, h('span', { 'aria-hidden': 'true', class: 'arrow' }, active ? (query.order === 'desc' ? ' ▼' : ' ▲') : '')));
}

function alarmTable(view, query, page) {
  const history = view === 'history';
  const selectable = canAct() && !history;
  const items = page ? page.items : [];
  const allChecked = items.length > 0 && items.every((a) => state.selected.has(a.serialNo));
  const head = h('tr', {},
    selectable ? h('th', { scope: 'col', class: 'check' }, h('input', {
      type: 'checkbox', id: 'select-all', 'aria-label': t('selectAll'), checked: allChecked,
      onchange: (e) => {
        for (const a of items) {
          if (e.target.checked) state.selected.add(a.serialNo); else state.selected.delete(a.serialNo);
        }
        renderMain();
      },
    })) : null,
    sortHeader(query, 'severity', t('severityCol')),
    sortHeader(query, 'alarmId', t('alarmId'), 'opt'),
    h('th', { scope: 'col' }, t('name')),
    h('th', { scope: 'col', class: 'opt' }, t('source')),
    h('th', { scope: 'col', class: 'opt' }, t('location')),
    sortHeader(query, 'occurredAt', t('occurredAt')),
    history ? h('th', { scope: 'col' }, t('clearedAt')) : null,
    history ? h('th', { scope: 'col', class: 'opt' }, t('clearType')) : null,
    h('th', { scope: 'col', class: 'opt num' }, t('count')),
    h('th', { scope: 'col' }, t('ackShort')));
  let body;
  if (!page) {
    body = [h('tr', {}, h('td', { colspan: 10, class: 'empty' }, t('loading')))];
  } else if (items.length === 0) {
    body = [h('tr', {}, h('td', { colspan: 10, class: 'empty', id: 'no-alarms' }, t('none')))];
  } else {
    // A child whose parent is on this page is listed under it (collapsed by default), not on its own.
    const onPage = new Set(items.map((a) => Number(a.serialNo)));
    body = [];
    for (const a of items) {
      if (a.parent != null && onPage.has(Number(a.parent))) continue;
      body.push(alarmRow(a, history, selectable));
      if (state.expanded.has(Number(a.serialNo))) body.push(...childRows(a, history, selectable));
    }
  }
  return h('table', { class: 'alarms', id: 'alarms' }, h('thead', {}, head), h('tbody', {}, body));
}

/** The rows under an expanded root-cause alarm: its children, or a line while they load. */
function childRows(parent, history, selectable) {
  const children = state.expanded.get(Number(parent.serialNo));
  if (!Array.isArray(children)) {
    return [h('tr', { class: 'child-row' }, h('td', { colspan: 10, class: 'empty' }, t('rc.loading')))];
  }
  return children.map((c) => alarmRow(c, history, selectable, true));
}

function childrenQuery(serial) {
  return `/api/alarms?${new URLSearchParams({ parent: serial, state: 'all', limit: 1000 })}`;
}

/**
 * Fetches again the children shown under expanded root-cause alarms, as the list is reloaded after
 * changes: a client back, or one more linked, shows under its parent without folding it. Whether
 * any of them changed.
 */
async function reloadChildren() {
  let changed = false;
  for (const [serial, children] of [...state.expanded]) {
    if (!Array.isArray(children)) continue;
    const page = await api(childrenQuery(serial));
    if (state.expanded.get(serial) === children && JSON.stringify(page.items) !== JSON.stringify(children)) {
      state.expanded.set(serial, page.items);
      changed = true;
    }
  }
  return changed;
}

/** Shows or hides the children of a root-cause alarm; they are fetched each time they are shown. */
async function toggleChildren(serial) {
  if (state.expanded.has(serial)) {
    state.expanded.delete(serial);
    renderMain();
    return;
  }
  state.expanded.set(serial, null);
  renderMain();
  try {
    const page = await api(childrenQuery(serial));
    if (!state.expanded.has(serial)) return;
    state.expanded.set(serial, page.items);
  } catch (e) {
    state.expanded.delete(serial);
    if (e.status !== 401) toast(describeError(e), 'error');
  }
  renderMain();
}

/** On a root-cause alarm, the toggle naming how many clients it took; on a child, which alarm it is under. */
function familyOf(alarm) {
  const serial = Number(alarm.serialNo);
  if (alarm.children > 0) {
    const open = state.expanded.has(serial);
    return h('button', {
      type: 'button', class: 'children-toggle', id: `children-${serial}`, 'aria-expanded': open ? 'true' : 'false',
      title: open ? t('rc.hide') : t('rc.show', { n: alarm.children }),
      onclick: () => toggleChildren(serial),
    }, open ? '▾ ' : '▸ ', t('rc.children', { n: alarm.children }));
  }
  if (alarm.parent != null) {
    return h('a', { class: 'muted small under', href: `#/alarm/${alarm.parent}` }, t('rc.under', { serial: alarm.parent }));
  }
  return null;
}

function alarmRow(alarm, history, selectable, child = false) {
  const serial = Number(alarm.serialNo);
  const params = alarm.params || {};
  const classes = ['row', `row-${alarm.severity}`];
  if (child) classes.push('child-row');
  if (alarm.acknowledged) classes.push('acked');
  if (state.flash === serial) classes.push('flash');
  return h('tr', { class: classes.join(' '), 'data-serial': serial, 'data-state': alarm.state },
    selectable ? h('td', { class: 'check' }, h('input', {
      type: 'checkbox', class: 'row-check', id: `select-${serial}`,
      'aria-label': t('selectOne', { serial }), checked: state.selected.has(serial),
      onchange: (e) => {
        if (e.target.checked) state.selected.add(serial); else state.selected.delete(serial);
        renderMain();
      },
    })) : null,
    h('td', {}, severityBadge(alarm.severity)),
    h('td', { class: 'code opt' }, code(alarm)),
    h('td', { class: 'name' }, h('a', { href: `#/alarm/${serial}`, class: 'alarm-link' }, alarmName(alarm)),
      h('div', { class: 'muted small' }, `#${serial}`, ' ', familyOf(alarm))),
    h('td', { class: 'opt' }, params.source || ''),
    h('td', { class: 'opt location' }, whereOf(params)),
    h('td', {}, when(alarm.occurredAt)),
    history ? h('td', {}, when(alarm.clearedAt)) : null,
    history ? h('td', { class: 'opt' }, alarm.clearType ? t(`clearTypes.${alarm.clearType}`) : '') : null,
    h('td', { class: 'opt num' }, String(alarm.count)),
    h('td', { class: 'ack' }, alarm.acknowledged ? h('span', { class: 'ackmark', title: t('acknowledged') }, '✓') : '—'));
}

function pager(query, page) {
  const total = page ? page.total : 0;
  const first = total === 0 ? 0 : query.offset + 1;
  const last = Math.min(query.offset + query.limit, total);
  const go = (offset) => { query.offset = Math.max(0, offset); loadList(); };
  return h('nav', { class: 'pager', 'aria-label': t('page', { from: first, to: last, total }) },
    h('button', { type: 'button', id: 'prev', disabled: query.offset === 0, onclick: () => go(query.offset - query.limit) },
      '‹ ', t('prev')),
    h('span', { id: 'page-info' }, page ? t('page', { from: first, to: last, total }) : ''),
    h('button', { type: 'button', id: 'next', disabled: last >= total, onclick: () => go(query.offset + query.limit) },
      t('next'), ' ›'),
    h('label', { for: 'page-size', class: 'muted' }, t('perPage')),
    h('select', {
      id: 'page-size',
      onchange: (e) => { query.limit = Number(e.target.value); go(0); },
    }, PAGE_SIZES.map((n) => h('option', { value: String(n), selected: n === query.limit ? true : null }, String(n)))));
}

function detailView() {
  const alarm = state.detail;
  const back = h('a', { href: state.lastList || '#/active', class: 'back', id: 'back' }, '← ', t('back'));
  if (!alarm) return h('section', { class: 'detail' }, back, h('p', {}, t('loading')));
  if (alarm.missing) return h('section', { class: 'detail' }, back, h('p', { class: 'error' }, t('notFound', { serial: alarm.missing })));
  const serial = Number(alarm.serialNo);
  const active = alarm.state === 'active';
  const info = new Map((alarm.parameterInfo || []).map((p) => [p.name, p]));
  const definition = state.definitions.get(Number(alarm.alarmId));
  const autoClear = alarm.autoClear ?? (definition ? definition.autoClear : false);
  const clearBlocked = autoClear && !isAdmin();
  const text = (pair) => (pair ? (zh() ? pair.zh : pair.en) : '');
  return h('article', { class: `detail detail-${alarm.severity}`, 'aria-labelledby': 'detail-title', 'data-serial': serial },
    back,
    h('header', { class: 'detail-head' },
      severityBadge(alarm.severity),
      h('h1', { id: 'detail-title' }, alarmName(alarm)),
      h('span', { class: 'code' }, code(alarm)),
      h('span', { class: 'muted' }, `#${serial}`),
      h('span', { class: `pill state-${alarm.state}`, id: 'detail-state' }, t(`state.${alarm.state}`)),
      alarm.acknowledged ? h('span', { class: 'pill acked', id: 'detail-acked' }, t('acknowledged')) : null,
      alarm.masked ? h('span', { class: 'pill masked', id: 'detail-masked' }, t('sl.masked')) : null,
      (alarm.silencedBy || []).length ? h('a', { class: 'pill silenced', id: 'detail-silenced', href: '#/silences' },
        t('sl.silencedBy'), ' ', alarm.silencedBy.join(', ')) : null,
      // A rule raised it quiet (a link that flaps): said here as silences, masks and parents are.
      alarm.params && alarm.params.suppressedBy ? h('span', { class: 'pill masked', id: 'detail-quiet' },
        t('quiet', { reason: alarm.params.suppressedBy, by: alarm.params.suppressedByAlarm || '' })) : null,
      alarm.parent != null ? h('a', { class: 'pill parent', id: 'detail-parent', href: `#/alarm/${alarm.parent}` },
        t('rc.parent'), ' #', String(alarm.parent)) : null,
      alarm.children > 0 ? h('a', {
        class: 'pill children', id: 'detail-children',
        href: '#/active', onclick: () => { state.expanded.delete(serial); toggleChildren(serial); },
      }, t('rc.children', { n: alarm.children })) : null),
    canAct() ? h('div', { class: 'actions', role: 'toolbar', 'aria-label': t('select') },
      alarm.acknowledged
        ? h('button', { type: 'button', id: 'detail-unack', onclick: () => act('unack', [serial]) }, t('unack'))
        : h('button', { type: 'button', id: 'detail-ack', onclick: () => act('ack', [serial]) }, t('ack')),
      h('button', {
        type: 'button', id: 'detail-clear', disabled: !active || clearBlocked,
        title: clearBlocked ? t('autoClearNote') : null, onclick: () => clearWithReason([serial]),
      }, t('clear')),
      clearBlocked && active ? h('span', { class: 'muted small' }, t('autoClearNote')) : null,
      h('button', {
        type: 'button', id: 'detail-silence', onclick: () => { prefillFrom(alarm); location.hash = '#/silences'; },
      }, t('sl.silenceThis'))) : null,
    h('div', { class: 'grid' },
      h('section', { class: 'card' },
        h('h2', {}, t('parameters')),
        h('dl', { class: 'params' },
          Object.entries(alarm.params || {}).flatMap(([name, value]) => {
            const p = info.get(name);
            const label = p ? (zh() ? p.labelZh : p.label) : name;
            const help = p ? (zh() ? p.descriptionZh : p.description) : null;
            return [h('dt', { title: help || null }, label), h('dd', {}, value === '' ? '—' : withTimes(value))];
          }),
          h('dt', {}, t('occurredAt')), h('dd', {}, when(alarm.occurredAt)),
          h('dt', {}, t('clearedAt')), h('dd', {}, when(alarm.clearedAt)),
          alarm.clearType ? [h('dt', {}, t('clearType')), h('dd', {}, t(`clearTypes.${alarm.clearType}`))] : null,
          h('dt', {}, t('count')), h('dd', {}, String(alarm.count)),
          notifiedVia(alarm))),
      h('section', { class: 'card' },
        h('h2', {}, t('impact')),
        h('p', { id: 'impact' }, text(alarm.impact)),
        h('h2', {}, t('causes')),
        h('ol', { id: 'causes' }, (alarm.causes || []).map((c) => h('li', {}, text(c)))),
        h('h2', {}, t('handling')),
        handlingEntries(alarm))),
    runbookView(alarm),
    h('section', { class: 'card' },
      h('h2', {}, t('history')),
      h('div', { class: 'table-wrap' },
        h('table', { class: 'history', id: 'history' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('when')), h('th', { scope: 'col' }, t('what')),
            h('th', { scope: 'col' }, t('by')), h('th', { scope: 'col' }, t('detail')))),
          h('tbody', {}, (alarm.history || []).slice().reverse().map((c) => h('tr', {},
            h('td', {}, when(c.at)),
            h('td', {}, t(`changes.${c.change}`)),
            h('td', {}, c.by || ''),
            h('td', { class: 'detail-text' }, c.detail ? withTimes(c.detail) : ''))))))),
    h('section', { class: 'card' },
      h('h2', {}, t('comments')),
      (alarm.comments || []).length === 0 ? h('p', { class: 'muted' }, t('noComments'))
        : h('ul', { class: 'comments', id: 'comments' }, alarm.comments.map((c) => h('li', {},
          h('div', { class: 'muted small' }, when(c.at), ' · ', c.by || ''),
          h('p', { class: 'comment-text' }, c.text)))),
      canAct() ? commentForm(serial) : null));
}

/** "ops-hook: sent · 08:03:30" for each notification about the alarm, failures marked; nothing when none. */
function notifiedVia(alarm) {
  const sent = (alarm.history || []).filter((c) => c.change === 'notified');
  if (sent.length === 0) return null;
  return [h('dt', {}, t('notifiedVia')), h('dd', { id: 'notified' }, sent.map((c) => h('div', {
    class: (c.detail || '').includes(': failed') ? 'error' : null,
  }, c.detail || '', ' · ', when(c.at))))];
}

function commentForm(serial) {
  const area = h('textarea', { id: 'comment-text', rows: 3, maxlength: 4000, required: true });
  return h('form', {
    class: 'comment-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      try {
        await api(`/api/alarms/${serial}/comments`, { method: 'POST', body: { text } });
        drafts.delete('comment-text');
        area.value = '';
        loadDetail(serial);
      } catch (err) {
        if (err.status !== 401) toast(describeError(err), 'error');
      }
    },
  }, h('label', { for: 'comment-text' }, t('addComment')), area, h('button', { type: 'submit', id: 'comment-post' }, t('post')));
}

function switchLanguage() {
  state.lang = zh() ? 'en' : 'zh';
  localStorage.setItem(LANG_KEY, state.lang);
  render();
}

// ---------------------------------------------------------------- wiring

document.getElementById('lang').addEventListener('click', switchLanguage);
for (const kind of ['input', 'change']) {
  document.getElementById('main').addEventListener(kind, (e) => {
    if (e.target.id && e.target.type !== 'checkbox' && e.target.id !== 'token') drafts.set(e.target.id, e.target.value);
  });
}
document.getElementById('signout').addEventListener('click', () => signOut(''));
window.addEventListener('hashchange', () => {
  if (!state.token || !state.session) return;
  if (state.route.view !== 'alarm') state.lastList = `#/${state.route.view}`;
  route();
});
document.addEventListener('keydown', (e) => {
  const typing = e.target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName);
  if (e.key === '/' && !typing && document.getElementById('f-q')) {
    e.preventDefault();
    document.getElementById('f-q').focus();
  } else if (e.key === 'Escape' && state.route.view === 'alarm' && !document.getElementById('dialog').open && !typing) {
    location.hash = state.lastList || '#/active';
  }
});

initSilences({
  h, t, api, when, toast, describeError, canAct, rerender: () => renderMain(), forgetDraft: (id) => drafts.delete(id),
});
initHandling({
  h, t, zh, api, when, toast, describeError, canAct,
  token: () => state.token, rerender: () => renderMain(), forgetDraft: (id) => drafts.delete(id),
});
render();
if (state.token) start();
