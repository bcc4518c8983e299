// The silences page: every silence and maintenance window with its state, a form to make one
// (prefilled from an alarm by "Silence this…"), and expiry.
//
// Same rule as app.js: data from the network becomes text, never markup. DOM is built only with the
// h() app.js hands over, which cannot parse HTML.

let ctx = null;
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
/** The list as last loaded, the form's prefill, and whether a request is running. */
const page = { items: null, prefill: null, busy: false, error: '' };

/** Called once by app.js: h, t, api, when, toast, describeError, canAct, rerender(), forgetDraft(id). */
export function initSilences(context) {
  ctx = context;
}

const h = (...args) => ctx.h(...args);
const t = (key, vars) => ctx.t(`sl.${key}`, vars);

/** The labels a silence for this alarm matches on: its type and where it happens. */
export function prefillFrom(alarm) {
  const matchers = [{ name: 'alertname', value: `ALM-${alarm.alarmId}` }];
  for (const name of ['source', 'clientIp', 'serverHost', 'serverPort', 'hostName', 'agentId']) {
    if (alarm.params && alarm.params[name]) matchers.push({ name, value: alarm.params[name] });
  }
  page.prefill = matchers;
}

export async function loadSilences() {
  try {
    const answer = await ctx.api('/api/silences');
    page.items = answer.items;
  } catch (e) {
    if (e.status !== 401) ctx.toast(ctx.describeError(e), 'error');
  }
  ctx.rerender();
}

function matchersText(matchers) {
  return matchers.map((m) => `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '=~' : '='}"${m.value}"`).join(', ');
}

/** `name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`, one per line. */
function parseMatchers(text) {
  const out = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = line.match(/^([A-Za-z_][A-Za-z0-9_]*)\s*(!?)(=~|=)\s*"?(.*?)"?$/);
    if (!m) throw new Error(t('badMatcher', { line }));
    out.push({ name: m[1], isEqual: m[2] !== '!', isRegex: m[3] === '=~', value: m[4] });
  }
  return out;
}

async function create(form) {
  const data = new FormData(form);
  let body;
  try {
    body = { matchers: parseMatchers(String(data.get('matchers') || '')), comment: String(data.get('comment') || '') };
  } catch (e) {
    page.error = e.message;
    ctx.rerender();
    return;
  }
  if (data.get('kind') === 'window') {
    body.schedule = {
      days: DAYS.filter((d) => data.get(`day-${d}`)),
      start: String(data.get('start') || ''),
      duration: `PT${Number(data.get('hours') || 0)}H`,
      zone: String(data.get('zone') || ''),
    };
  } else {
    // Without a start the engine starts it now by its own clock, whatever this browser's clock says.
    const from = data.get('startsAt') ? new Date(String(data.get('startsAt'))) : new Date();
    if (data.get('startsAt')) body.startsAt = from.toISOString();
    body.endsAt = new Date(from.getTime() + Number(data.get('hours') || 0) * 3600_000).toISOString();
  }
  page.busy = true;
  try {
    const answer = await ctx.api('/api/silences', { method: 'POST', body });
    page.prefill = null;
    page.error = '';
    form.reset();
    for (const el of form.elements) if (el.id) ctx.forgetDraft(el.id);
    ctx.toast(t('created', { id: answer.id }));
    await loadSilences();
  } catch (e) {
    page.error = ctx.describeError(e);
    ctx.rerender();
  } finally {
    page.busy = false;
    ctx.rerender();
  }
}

async function expire(id) {
  try {
    await ctx.api(`/api/silences/${encodeURIComponent(id)}`, { method: 'DELETE' });
    ctx.toast(t('expiredToast'));
    await loadSilences();
  } catch (e) {
    if (e.status !== 401) ctx.toast(ctx.describeError(e), 'error');
  }
}

function form() {
  const prefill = page.prefill || [];
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return h('form', {
    class: 'card silence-form', id: 'silence-form',
    onsubmit: (e) => { e.preventDefault(); create(e.target); },
  },
  h('h2', {}, t('new')),
  h('label', { for: 'sl-matchers' }, t('matchers')),
  h('textarea', { id: 'sl-matchers', name: 'matchers', rows: 4, required: true, spellcheck: 'false' },
    prefill.map((m) => `${m.name}="${m.value}"`).join('\n')),
  h('p', { class: 'muted small' }, t('matchersHelp')),
  h('fieldset', {},
    h('legend', {}, t('when')),
    h('div', { class: 'kinds' },
      h('label', {}, h('input', { type: 'radio', name: 'kind', value: 'once', checked: true, id: 'sl-once' }), t('once')),
      h('label', {}, h('input', { type: 'radio', name: 'kind', value: 'window', id: 'sl-window' }), t('window'))),
    h('div', { class: 'field' }, h('label', { for: 'sl-starts' }, t('startsAt')),
      h('input', { id: 'sl-starts', name: 'startsAt', type: 'datetime-local' })),
    h('div', { class: 'field' }, h('label', { for: 'sl-hours' }, t('hours')),
      h('input', { id: 'sl-hours', name: 'hours', type: 'number', min: 1, max: 168, value: 2, required: true })),
    h('div', { class: 'field days', role: 'group', 'aria-label': t('days') }, h('span', {}, t('days')),
      h('div', { class: 'day-list' },
        DAYS.map((d) => h('label', {}, h('input', { type: 'checkbox', name: `day-${d}`, id: `sl-day-${d}` }), t(`day.${d}`))))),
    h('div', { class: 'field' }, h('label', { for: 'sl-start' }, t('startTime')),
      h('input', { id: 'sl-start', name: 'start', type: 'time', value: '02:00' })),
    h('div', { class: 'field' }, h('label', { for: 'sl-zone' }, t('zone')),
      h('input', { id: 'sl-zone', name: 'zone', value: zone }))),
  h('label', { for: 'sl-comment' }, t('comment')),
  h('input', { id: 'sl-comment', name: 'comment', required: true, maxlength: 4000 }),
  page.error ? h('p', { class: 'error', role: 'alert', id: 'sl-error' }, page.error) : null,
  h('button', { type: 'submit', id: 'sl-create', disabled: page.busy }, t('create')));
}

export function silencesView() {
  const items = page.items;
  return h('section', { class: 'list', 'aria-labelledby': 'sl-title' },
    h('h1', { id: 'sl-title' }, t('title')),
    ctx.canAct() ? form() : null,
    items === null ? h('p', {}, t('loading'))
      : items.length === 0 ? h('p', { class: 'muted', id: 'sl-none' }, t('none'))
        : h('div', { class: 'table-wrap' }, h('table', { id: 'silences' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('state')), h('th', { scope: 'col' }, t('matchers')),
            h('th', { scope: 'col' }, t('when')), h('th', { scope: 'col' }, t('comment')),
            h('th', { scope: 'col' }, t('createdBy')), h('th', { scope: 'col' }, ''))),
          h('tbody', {}, items.map((s) => h('tr', { 'data-id': s.id, class: `silence-${s.state}` },
            h('td', {}, h('span', { class: `pill silence-state-${s.state}` }, t(`states.${s.state}`))),
            h('td', { class: 'code' }, matchersText(s.matchers)),
            h('td', {}, s.schedule
              ? `${s.schedule.days.map((d) => t(`day.${d}`)).join(' ')} ${s.schedule.start} +${s.schedule.duration} ${s.schedule.zone}`
              : `${ctx.when(s.startsAt)} – ${ctx.when(s.endsAt)}`),
            h('td', {}, s.comment),
            h('td', {}, s.createdBy),
            h('td', {}, ctx.canAct() && s.state !== 'expired'
              ? h('button', { type: 'button', class: 'expire', onclick: () => expire(s.id) }, t('expire')) : null)))))));
}
