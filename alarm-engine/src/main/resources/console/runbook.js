// The alarm detail's handling part: the alarm's runbook (path so far, current step, yes/no with a
// note, automated checks) and its log bundle (start, progress, download).
//
// Same rule as app.js: data from the network becomes text, never markup. DOM is built only with the
// h() app.js hands over, which cannot parse HTML.
//
// app.js redraws the whole detail view on every live update; this module keeps its state per alarm
// and hands back the same two nodes each time (repainted), so a running check, a bundle's progress
// or a half-typed note survive the redraw.

let ctx = null;

/** Per alarm serial: { runbook, open, loading, error, notes: {step: text}, checks: {step: result}, busy,
 *  bundle: {id, status, blobUrl, filename, error}, viewNode, bundleNode }. */
const alarms = new Map();

/**
 * Called once by app.js with what this module needs from it:
 * h, t, zh(), api, when, toast, describeError, canAct, token(), rerender() and forgetDraft(id).
 */
export function initHandling(context) {
  ctx = context;
}

function stateOf(serial) {
  if (!alarms.has(serial)) {
    alarms.set(serial, { runbook: null, open: false, loading: false, error: '', notes: {}, checks: {}, busy: false, bundle: null });
  }
  return alarms.get(serial);
}

const h = (...args) => ctx.h(...args);
const t = (key, vars) => ctx.t(`rb.${key}`, vars);
const tx = (pair) => (pair ? (ctx.zh() ? (pair.zh || pair.en) : (pair.en || pair.zh)) : '');

/** Replaces a node's children, keeping the keyboard focus on the element with the same id. */
function repaint(node, children) {
  const focused = document.activeElement;
  const id = focused && node.contains(focused) ? focused.id : null;
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
  if (id) {
    const again = document.getElementById(id);
    if (again) again.focus();
  }
}

// ---------------------------------------------------------------- buttons in the detail's Handling card

/** The Handling entries: open/close the runbook, and the log bundle with its progress. */
export function handlingEntries(alarm) {
  const serial = Number(alarm.serialNo);
  const st = stateOf(serial);
  const toggle = h('button', {
    type: 'button', id: 'runbook-link', class: 'plain', 'aria-expanded': st.open ? 'true' : 'false',
    'aria-controls': 'runbook-view', onclick: () => toggleRunbook(serial),
  }, st.open ? t('close') : t('open'));
  if (!st.bundleNode) st.bundleNode = h('div', { class: 'bundle', id: 'logbundle' });
  paintBundle(serial);
  syncWithHistory(alarm, st);
  return h('ul', { class: 'handling' }, h('li', {}, toggle), h('li', {}, st.bundleNode));
}

/** The runbook view, full width under the detail's cards, or null while closed. */
export function runbookView(alarm) {
  const serial = Number(alarm.serialNo);
  const st = stateOf(serial);
  if (!st.open) return null;
  if (!st.viewNode) {
    st.viewNode = h('section', { class: 'card runbook', id: 'runbook-view', 'aria-labelledby': 'runbook-title' });
  }
  paintRunbook(serial);
  return st.viewNode;
}

function toggleRunbook(serial) {
  const st = stateOf(serial);
  st.open = !st.open;
  ctx.rerender();
  if (st.open) {
    load(serial);
    const title = document.getElementById('runbook-title');
    if (title) title.focus();
  }
}

/** Another operator's answer arrives as an alarm change: load the runbook again when counts differ. */
function syncWithHistory(alarm, st) {
  if (!st.open || !st.runbook || st.loading || st.busy) return;
  const answered = (alarm.history || []).filter((c) => c.change === 'runbook-answered').length;
  if (answered > (st.runbook.answers || []).length) load(Number(alarm.serialNo));
}

async function load(serial) {
  const st = stateOf(serial);
  st.loading = true;
  paintRunbook(serial);
  try {
    st.runbook = await ctx.api(`/api/alarms/${serial}/runbook`);
    st.error = '';
  } catch (e) {
    st.error = e.status === 404 ? t('none') : ctx.describeError(e);
  }
  st.loading = false;
  paintRunbook(serial);
}

// ---------------------------------------------------------------- the runbook view

function stepsOf(runbook) {
  const steps = new Map();
  for (const section of runbook.sections || []) {
    for (const step of section.steps || []) steps.set(step.id, { ...step, section });
  }
  return steps;
}

function stepName(step) {
  return tx(step.title) || tx(step.question) || tx(step.section && step.section.title) || step.id;
}

/** The current step's heading: never its question, which is asked right below it. */
function currentName(step) {
  return tx(step.title) || tx(step.section && step.section.title) || step.id;
}

function paintRunbook(serial) {
  const st = stateOf(serial);
  const node = st.viewNode;
  if (!node) return;
  const rb = st.runbook;
  const head = h('header', { class: 'runbook-head' },
    h('h2', { id: 'runbook-title', tabindex: '-1' }, t('title'), rb ? ': ' : '', rb ? tx(rb.title) : ''),
    rb && rb.outcome ? h('span', { class: `pill outcome-${rb.outcome}`, id: 'runbook-outcome' }, t(`outcome.${rb.outcome}`)) : null);
  if (!rb) {
    repaint(node, [head, st.error ? h('p', { class: 'error', role: 'alert' }, st.error) : h('p', {}, ctx.t('loading'))]);
    return;
  }
  const steps = stepsOf(rb);
  const current = steps.get(rb.current);
  repaint(node, [
    head,
    st.error ? h('p', { class: 'error', role: 'alert' }, st.error) : null,
    h('h3', {}, t('pathSoFar')),
    pathList(rb, steps),
    current ? currentStep(serial, st, current) : null,
  ]);
}

function pathList(rb, steps) {
  const taken = (rb.path || []).filter((id) => id !== rb.current);
  if (taken.length === 0) return h('p', { class: 'muted', id: 'runbook-path' }, t('notStarted'));
  return h('ol', { class: 'rb-path', id: 'runbook-path' }, taken.map((id) => {
    const step = steps.get(id) || { id };
    const answer = step.answer;
    return h('li', { 'data-step': id, class: answer ? `answered answer-${answer.answer}` : 'went-on' },
      h('div', { class: 'rb-path-step' }, h('span', { class: 'muted small' }, tx(step.section && step.section.title)), ' ',
        h('strong', {}, stepName(step))),
      answer
        ? h('div', { class: 'rb-answer' },
          h('span', { class: `pill answer-${answer.answer}` }, ctx.t(answer.answer === 'yes' ? 'yes' : 'no')), ' ',
          h('span', { class: 'muted small' }, t('answeredBy', { by: answer.by || '?' }), ' ', ctx.when(answer.at)),
          answer.note ? h('p', { class: 'rb-note' }, answer.note) : null)
        : h('div', { class: 'muted small' }, step.kind === 'next' ? t('wentOn') : ''));
  }));
}

function currentStep(serial, st, step) {
  const canAct = ctx.canAct();
  const check = step.check;
  const result = st.checks[step.id];
  const suggested = result && result.suggestedAnswer;
  const answerButton = (answer) => h('button', {
    type: 'button', id: `rb-${answer}`, disabled: st.busy,
    class: suggested === answer ? 'suggested' : (answer === 'no' ? 'secondary' : null),
    'aria-describedby': suggested === answer ? 'rb-check-result' : null,
    onclick: () => answerStep(serial, step.id, answer),
  }, ctx.t(answer), suggested === answer ? ` (${t('suggested')})` : '');
  return h('div', { class: `rb-current kind-${step.kind}`, id: 'runbook-current', 'data-step': step.id },
    h('h3', { id: 'rb-current-title', tabindex: '-1' },
      currentName(step) !== tx(step.section.title) ? [h('span', { class: 'muted small' }, tx(step.section.title)), h('br')] : null,
      step.kind === 'end' ? t('end') : t('current'), ': ', currentName(step)),
    h('p', { class: 'rb-instructions', id: 'rb-instructions' }, tx(step.instructions)),
    (step.commands || []).length
      ? h('ul', { class: 'rb-commands', 'aria-label': t('commands') }, step.commands.map((command, i) => h('li', {},
        h('code', { id: `rb-command-${i}` }, command),
        h('button', {
          type: 'button', class: 'plain small', 'aria-label': t('copyLabel', { command }),
          onclick: (e) => copy(command, e.currentTarget),
        }, t('copy')))))
      : null,
    check ? h('div', { class: 'rb-check' },
      h('span', { class: 'muted small' }, t(`checkType.${check.type}`), ': ', h('code', {}, check.target)),
      canAct ? h('button', {
        type: 'button', id: 'rb-run-check', class: 'plain', disabled: result === 'running',
        onclick: () => runCheck(serial, step.id),
      }, result === 'running' ? t('checking') : t('runCheck')) : null,
      result && result !== 'running' ? checkResult(result) : null) : null,
    step.kind === 'question' ? h('p', { class: 'rb-question', id: 'rb-question' }, tx(step.question)) : null,
    step.kind === 'question' && canAct ? h('div', { class: 'rb-answer-form' },
      h('label', { for: 'rb-note' }, t('note')),
      h('textarea', {
        id: 'rb-note', rows: 2, maxlength: 2000, value: st.notes[step.id] || '',
        oninput: (e) => { st.notes[step.id] = e.target.value; },
      }),
      h('div', { class: 'actions' }, answerButton('yes'), answerButton('no'))) : null,
    step.kind === 'end' ? h('p', { class: `rb-end end-${step.end}` }, t(`endText.${step.end}`)) : null,
    step.kind === 'end' && step.end === 'escalate' && canAct ? h('button', {
      type: 'button', id: 'rb-bundle', onclick: () => { startBundle(serial); focusBundle(); },
    }, t('bundleStart')) : null);
}

function focusBundle() {
  const node = document.getElementById('logbundle');
  if (node) node.scrollIntoView({ block: 'center' });
  const status = document.getElementById('logbundle-status');
  if (status) status.focus();
}

function checkResult(result) {
  if (result.error) return h('p', { class: 'rb-check-result error', id: 'rb-check-result', role: 'status' }, result.error);
  return h('p', { class: `rb-check-result ${result.passed ? 'passed' : 'failed'}`, id: 'rb-check-result', role: 'status' },
    h('strong', {}, result.passed ? t('checkPassed') : t('checkFailed')), ' ',
    result.detail || '',
    result.suggestedAnswer ? ` · ${t('suggests', { answer: ctx.t(result.suggestedAnswer) })}` : ` · ${t('suggestsNothing')}`);
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    ctx.toast(t('copied', { command: text }));
  } catch (e) {
    // No clipboard (plain http, permissions): select the command so Ctrl+C copies it.
    const code = button.previousElementSibling;
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    ctx.toast(t('copyByHand'));
  }
}

async function runCheck(serial, stepId) {
  const st = stateOf(serial);
  st.checks[stepId] = 'running';
  paintRunbook(serial);
  try {
    st.checks[stepId] = await ctx.api(`/api/alarms/${serial}/runbook/checks/${encodeURIComponent(stepId)}`, { method: 'POST', body: {} });
  } catch (e) {
    st.checks[stepId] = { error: ctx.describeError(e) };
  }
  paintRunbook(serial);
}

async function answerStep(serial, stepId, answer) {
  const st = stateOf(serial);
  if (st.busy) return;
  st.busy = true;
  paintRunbook(serial);
  const note = (st.notes[stepId] || '').trim();
  try {
    st.runbook = await ctx.api(`/api/alarms/${serial}/runbook/answers`, { method: 'POST', body: { step: stepId, answer, note } });
    st.error = '';
    delete st.notes[stepId];
    delete st.checks[stepId];
    ctx.forgetDraft('rb-note');
  } catch (e) {
    st.error = ctx.describeError(e);
  }
  st.busy = false;
  paintRunbook(serial);
  const title = document.getElementById('rb-current-title');
  if (title) title.focus();
}

// ---------------------------------------------------------------- log bundle

function paintBundle(serial) {
  const st = stateOf(serial);
  const node = st.bundleNode;
  if (!node) return;
  const b = st.bundle;
  const running = b && !b.error && (!b.status || b.status.status === 'queued' || b.status.status === 'running');
  const start = ctx.canAct() ? h('button', {
    type: 'button', id: 'logbundle-link', class: 'plain', disabled: running, onclick: () => startBundle(serial),
  }, b ? t('bundleAgain') : t('bundleStart')) : h('span', { class: 'muted small' }, t('bundleViewer'));
  if (!b) {
    repaint(node, [start]);
    return;
  }
  const s = b.status;
  const p = (s && s.progress) || {};
  const byBytes = p.bytesTotal > 0;
  const total = byBytes ? p.bytesTotal : p.filesTotal;
  const done = byBytes ? p.bytesDone : p.filesDone;
  const status = s ? s.status : 'queued';
  repaint(node, [
    start,
    h('div', { class: 'bundle-state', 'aria-live': 'polite' },
      h('progress', {
        id: 'logbundle-progress', max: total > 0 ? total : 1, value: status === 'done' ? (total > 0 ? total : 1) : (done || 0),
        'aria-label': t('bundleProgress'),
      }),
      ' ',
      h('span', { id: 'logbundle-status', tabindex: '-1', 'data-status': b.error ? 'error' : status },
        b.error ? b.error : t(`bundleStatus.${status}`),
        s && !b.error ? ` · ${t('bundleFiles', { done: p.filesDone || 0, total: p.filesTotal || 0 })}`
          + ` · ${size(p.bytesDone || 0)} / ${size(p.bytesTotal || 0)}` : '')),
    b.blobUrl ? h('a', { href: b.blobUrl, download: b.filename, id: 'logbundle-download', class: 'download' },
      t('bundleDownload', { file: b.filename, size: size(s.sizeBytes || 0) })) : null,
    s && s.truncated ? h('p', { class: 'muted small' }, t('bundleTruncated')) : null,
    s && (s.errors || []).length ? h('ul', { class: 'error small' }, s.errors.map((e) => h('li', {}, e))) : null,
    s && (s.skipped || []).length ? h('details', { class: 'small' },
      h('summary', {}, t('bundleSkipped', { n: s.skipped.length })),
      h('ul', {}, s.skipped.map((k) => h('li', {}, h('code', {}, k.path || k.glob || ''), ': ', k.reason || '')))) : null,
  ]);
}

async function startBundle(serial) {
  const st = stateOf(serial);
  if (st.bundle && st.bundle.blobUrl) URL.revokeObjectURL(st.bundle.blobUrl);
  st.bundle = { id: null, status: null };
  paintBundle(serial);
  try {
    const created = await ctx.api(`/api/alarms/${serial}/log-bundles`, { method: 'POST', body: {} });
    st.bundle.id = created.id;
    poll(serial, created.id);
  } catch (e) {
    st.bundle.error = ctx.describeError(e);
    paintBundle(serial);
  }
}

async function poll(serial, id) {
  const st = stateOf(serial);
  if (!st.bundle || st.bundle.id !== id) return; // a newer bundle replaced this one
  try {
    st.bundle.status = await ctx.api(`/api/log-bundles/${encodeURIComponent(id)}`);
  } catch (e) {
    st.bundle.error = ctx.describeError(e);
    paintBundle(serial);
    return;
  }
  const status = st.bundle.status.status;
  if (status === 'done') {
    await fetchArchive(serial, id);
  } else if (status !== 'failed') {
    setTimeout(() => poll(serial, id), 500);
  }
  paintBundle(serial);
}

/** The download needs the bearer token, which a plain link cannot send: fetch it and link the blob. */
async function fetchArchive(serial, id) {
  const st = stateOf(serial);
  try {
    const response = await fetch(`/api/log-bundles/${encodeURIComponent(id)}/download`, {
      headers: { Authorization: `Bearer ${ctx.token()}` }, cache: 'no-store',
    });
    if (!response.ok) {
      let message = response.statusText;
      try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    const blob = await response.blob();
    if (!st.bundle || st.bundle.id !== id) return;
    st.bundle.blobUrl = URL.createObjectURL(blob);
    st.bundle.filename = `alm-${st.bundle.status.alarmId || ''}-${serial}-${id}.tar.gz`.replace(/[^\w.-]/g, '_');
  } catch (e) {
    st.bundle.error = t('bundleFetchFailed', { error: e.message });
  }
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
