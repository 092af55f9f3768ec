// The coordinator console: one page, hash routes, plain DOM. Every value from the server is put in the page as text
// (never as HTML), because queue items carry what patients typed.
'use strict';

const state = { user: undefined, csrf: undefined, events: undefined, timers: [] };
const view = () => document.getElementById('view');

// ---------- small helpers ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
  for (const child of children.flat()) {
    if (child !== undefined) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/api/console/login') {
    signedOut();
    throw new Error(data.message || 'Sign in again.');
  }
  if (!res.ok) throw new Error(data.message || `Request failed (${res.status})`);
  return data;
}

/** The duty clinician on shift and admins decide who works an item (the server checks this too). */
const canReassign = () => ['duty_clinician', 'admin'].includes(state.user.role);

const words = (s) => String(s || '').replace(/_/g, ' ');

function timeLeft(minutes) {
  const sign = minutes < 0 ? 'overdue by ' : '';
  const m = Math.abs(minutes);
  const text =
    m >= 1440 ? `${Math.floor(m / 1440)}d ${Math.floor((m % 1440) / 60)}h` : `${Math.floor(m / 60)}h ${m % 60}m`;
  return sign + text;
}

function riskTag(risk) {
  const colour = { breached: 'red', at_risk: 'orange', on_track: 'green' }[risk] || 'grey';
  return h('strong', { class: `nhsuk-tag nhsuk-tag--${colour}` }, words(risk));
}

function callbackTag() {
  return h('strong', { class: 'nhsuk-tag nhsuk-tag--red fd-callback-needed' }, 'call-back needed');
}

/** What the phone line recorded: each clinician dialled and whether they answered, and how the call ended. */
function callLine(c) {
  const what = {
    connected: `${c.clinician || 'duty clinician'} answered; caller connected`,
    not_answered: `${c.clinician || 'duty clinician'} did not answer (${words(c.status)})`,
    callback_needed: 'nobody on the rota answered: call-back needed',
    call_ended: `call ended (${words(c.status)})`,
  }[c.outcome];
  const duration = c.durationSeconds ? `, ${c.durationSeconds} s` : '';
  return `${new Date(c.at).toLocaleString()} — ${what || words(c.outcome)}${duration}`;
}

function errorBox(message) {
  return h(
    'div',
    { class: 'nhsuk-error-summary', role: 'alert', tabindex: '-1' },
    h('h2', { class: 'nhsuk-error-summary__title' }, 'There is a problem'),
    h('div', { class: 'nhsuk-error-summary__body' }, h('p', {}, message)),
  );
}

function show(...nodes) {
  view().replaceChildren(...nodes);
}

function clearTimers() {
  state.timers.forEach((t) => clearInterval(t));
  state.timers = [];
}

// ---------- session ----------

function signedIn(user, csrf) {
  state.user = user;
  state.csrf = csrf;
  document.getElementById('user').hidden = false;
  document.getElementById('nav').hidden = false;
  document.getElementById('nav-audit').hidden = user.role !== 'admin';
  document.getElementById('user-name').textContent = `${user.name} (${words(user.role)})`;
  listen();
}

function signedOut() {
  state.user = undefined;
  state.csrf = undefined;
  if (state.events) state.events.close();
  state.events = undefined;
  document.getElementById('user').hidden = true;
  document.getElementById('nav').hidden = true;
  if (location.hash !== '#/login') location.hash = '#/login';
  else route();
}

/** One live stream per page: the server says "changed", the current view refetches what it shows. */
function listen() {
  if (state.events) return;
  state.events = new EventSource('/api/console/queue/events');
  state.events.addEventListener('change', () => document.dispatchEvent(new Event('queue-changed')));
}

// ---------- views ----------

function loginView() {
  const error = h('div', {});
  const email = h('input', {
    class: 'nhsuk-input',
    id: 'email',
    name: 'email',
    type: 'email',
    autocomplete: 'username',
  });
  const password = h('input', {
    class: 'nhsuk-input',
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
  });
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const result = await api('POST', '/api/console/login', { email: email.value, password: password.value });
          signedIn(result.user, result.csrfToken);
          location.hash = '#/queue';
        } catch (err) {
          error.replaceChildren(errorBox(err.message));
        }
      },
    },
    h('div', { class: 'nhsuk-form-group' }, h('label', { class: 'nhsuk-label', for: 'email' }, 'Email address'), email),
    h(
      'div',
      { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: 'password' }, 'Password'),
      password,
    ),
    h('button', { class: 'nhsuk-button', type: 'submit' }, 'Sign in'),
  );
  show(h('h1', {}, 'Sign in to the hub console'), error, form);
}

async function queueView() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const select = (name, label, options) =>
    h(
      'div',
      { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: `filter-${name}` }, label),
      h(
        'select',
        {
          class: 'nhsuk-select',
          id: `filter-${name}`,
          onchange: (e) => {
            params.set(name, e.target.value);
            if (!e.target.value) params.delete(name);
            location.hash = `#/queue?${params}`;
          },
        },
        options.map(([value, text]) => h('option', { value, selected: (params.get(name) || '') === value }, text)),
      ),
    );
  const filters = h(
    'div',
    { class: 'fd-filters' },
    select('kind', 'Kind', [
      ['', 'All kinds'],
      ['escalation', 'Escalation'],
      ['referral', 'Referral'],
      ['callback', 'Call back'],
      ['safeguarding', 'Safeguarding'],
    ]),
    select('disposition', 'Disposition', [
      ['', 'All dispositions'],
      ['emergency_999', 'Emergency (999)'],
      ['urgent_2h', 'Urgent (2 hours)'],
      ['same_day', 'Same day'],
      ['routine', 'Routine'],
      ['self_care', 'Self care'],
    ]),
    select('status', 'Status', [
      ['', 'Open'],
      ['finished', 'Finished'],
      ['all', 'All'],
    ]),
    select('callback', 'Phone', [
      ['', 'All'],
      ['needed', 'Call-back needed'],
    ]),
  );
  const table = h('div', { id: 'queue-table' });
  show(h('h1', {}, 'Triage queue'), filters, table);

  const load = async () => {
    try {
      const data = await api('GET', `/api/console/queue?${params}`);
      table.replaceChildren(queueTable(data.items));
    } catch (err) {
      table.replaceChildren(errorBox(err.message));
    }
  };
  document.addEventListener('queue-changed', load);
  state.cleanup = () => document.removeEventListener('queue-changed', load);
  // Time left moves even when nothing changes.
  state.timers.push(setInterval(load, 60000));
  await load();
}

function queueTable(items) {
  if (!items.length) return h('p', { class: 'nhsuk-body' }, 'Nothing in the queue.');
  return h(
    'table',
    { class: 'nhsuk-table', id: 'queue' },
    h('caption', { class: 'nhsuk-table__caption' }, 'Most urgent deadline first'),
    h(
      'thead',
      { class: 'nhsuk-table__head' },
      h(
        'tr',
        {},
        ['Time left', 'Reference', 'Kind', 'Disposition', 'Status', 'Who', 'Problem', 'Claimed by'].map((t) =>
          h('th', { scope: 'col', class: 'nhsuk-table__header' }, t),
        ),
      ),
    ),
    h(
      'tbody',
      { class: 'nhsuk-table__body' },
      items.map((item) =>
        h(
          'tr',
          {
            class: `nhsuk-table__row fd-row--${item.risk}${item.callbackNeeded ? ' fd-row--callback' : ''}`,
            'data-id': item.id,
          },
          h(
            'td',
            { class: 'nhsuk-table__cell' },
            riskTag(item.risk),
            ' ',
            timeLeft(item.minutesLeft),
            item.callbackNeeded ? h('div', {}, callbackTag()) : undefined,
          ),
          h('td', { class: 'nhsuk-table__cell' }, h('a', { href: `#/item/${item.id}` }, item.reference)),
          h('td', { class: 'nhsuk-table__cell' }, words(item.kind)),
          h('td', { class: 'nhsuk-table__cell' }, words(item.disposition)),
          h(
            'td',
            { class: 'nhsuk-table__cell' },
            words(item.status),
            item.feedbackDue && !item.feedbackGiven ? h('div', {}, 'feedback due') : undefined,
          ),
          h('td', { class: 'nhsuk-table__cell' }, words(item.contact), ' · ', item.channel),
          h('td', { class: 'nhsuk-table__cell' }, item.problem),
          h('td', { class: 'nhsuk-table__cell' }, item.claimedBy || '—'),
        ),
      ),
    ),
  );
}

function summaryList(rows) {
  return h(
    'dl',
    { class: 'nhsuk-summary-list' },
    rows
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) =>
        h(
          'div',
          { class: 'nhsuk-summary-list__row' },
          h('dt', { class: 'nhsuk-summary-list__key' }, key),
          h('dd', { class: 'nhsuk-summary-list__value' }, value),
        ),
      ),
  );
}

async function itemView(id) {
  const notice = h('div', { class: 'fd-notice', 'aria-live': 'polite' });
  const details = h('div', {});
  const chat = h('div', { class: 'fd-chat', id: 'transcript', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const compose = h('div', {});
  const actions = h('div', {});
  show(
    h('p', {}, h('a', { class: 'nhsuk-back-link', href: '#/queue' }, 'Back to the queue')),
    notice,
    details,
    h('h2', {}, 'Conversation'),
    chat,
    compose,
    actions,
  );

  const seen = new Set();
  let since;
  const appendLines = (lines) => {
    for (const line of lines) {
      const key = `${line.id}|${line.at}|${line.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      chat.append(h('p', { class: `fd-from-${line.from}` }, h('strong', {}, `${line.from}: `), line.text));
      if (line.at && (!since || line.at > since)) since = line.at;
    }
    chat.scrollTop = chat.scrollHeight;
  };
  const loadTranscript = async () => {
    const query = since ? `?since=${encodeURIComponent(since)}` : '';
    const data = await api('GET', `/api/console/queue/${id}/transcript${query}`);
    appendLines(data.lines);
  };

  const run = async (path, body) => {
    try {
      await api('POST', `/api/console/queue/${id}/${path}`, body);
      notice.replaceChildren();
      await load();
    } catch (err) {
      notice.replaceChildren(errorBox(err.message));
    }
  };

  const load = async () => {
    const item = await api('GET', `/api/console/queue/${id}`);
    const s = item.summary;
    const patient = s.patient || {};
    details.replaceChildren(
      h('h1', {}, `${item.reference} `, riskTag(item.risk), item.callbackNeeded ? [' ', callbackTag()] : undefined),
      summaryList([
        ['Kind', words(item.kind)],
        ['Disposition', `${words(item.disposition)} (target ${item.targetMinutes} minutes)`],
        ['Status', `${words(item.status)}${item.claimedBy ? ` — ${item.claimedBy}` : ''}`],
        ['Time left', timeLeft(item.minutesLeft)],
        ['Channel', item.channel],
        [
          'Contact',
          [words(s.contact.role), s.contact.relationship, s.contact.organisation, s.contact.callSign]
            .filter(Boolean)
            .join(', '),
        ],
        ['Problem', s.problem],
        ['Red flags', (s.redFlags || []).join(', ') || 'none'],
        ['NEWS2', s.news2 ? `${s.news2.score} (${s.news2.band})` : undefined],
        ['Location', s.location],
        ['Call back on', s.callbackNumber],
        ...Object.entries(s.answers || {}).map(([q, a]) => [words(q), a]),
        [
          'Patient',
          patient.verified
            ? [patient.name, patient.nhsNumber && `NHS ${patient.nhsNumber}`, patient.dateOfBirth, patient.postcode]
                .filter(Boolean)
                .join(' · ') + ' (verified)'
            : patient.note,
        ],
        [
          'Referrer feedback',
          item.feedbackDue
            ? item.feedbackGiven
              ? 'given'
              : `due ${new Date(item.feedbackDue).toLocaleString()}`
            : undefined,
        ],
        ['Outcome', item.outcome],
        ['Referred to', item.referredTo],
        [
          'Takeover',
          item.takeover ? `${item.takeover.state}${item.takeover.by ? ` (${item.takeover.by})` : ''}` : undefined,
        ],
      ]),
    );
    renderActions(item);
  };

  const renderActions = (item) => {
    const mine = item.claimedById === state.user.id;
    const open = ['new', 'claimed', 'in_progress'].includes(item.status);
    const talking = item.takeover && item.takeover.state === 'active' && item.takeover.by === state.user.name;
    const buttons = [];
    if (item.status === 'new')
      buttons.push(h('button', { class: 'nhsuk-button', id: 'claim', onclick: () => run('claim') }, 'Claim'));
    if (open && mine && item.takeover && !talking) {
      buttons.push(
        h(
          'button',
          { class: 'nhsuk-button', id: 'take-over', onclick: () => run('takeover') },
          'Take over the conversation',
        ),
      );
    }
    if (talking)
      buttons.push(
        h(
          'button',
          { class: 'nhsuk-button nhsuk-button--secondary', id: 'hand-back', onclick: () => run('handback') },
          'Hand back to the bot',
        ),
      );
    if (open && mine && item.status !== 'new') {
      buttons.push(
        h(
          'button',
          { class: 'nhsuk-button nhsuk-button--secondary', id: 'release', onclick: () => run('release', {}) },
          'Release back to the queue',
        ),
      );
    }
    if (item.feedbackDue && !item.feedbackGiven) {
      buttons.push(
        h(
          'button',
          { class: 'nhsuk-button nhsuk-button--secondary', onclick: () => run('feedback', {}) },
          'Referrer feedback given',
        ),
      );
    }

    compose.replaceChildren();
    if (talking) {
      const input = h('textarea', { class: 'nhsuk-textarea', id: 'message', rows: '2', name: 'message' });
      compose.append(
        h(
          'form',
          {
            onsubmit: async (e) => {
              e.preventDefault();
              if (!input.value.trim()) return;
              await run('message', { text: input.value });
              input.value = '';
              await loadTranscript();
            },
          },
          h(
            'div',
            { class: 'nhsuk-form-group' },
            h('label', { class: 'nhsuk-label', for: 'message' }, 'Message to the patient'),
            input,
          ),
          h('button', { class: 'nhsuk-button', id: 'send', type: 'submit' }, 'Send'),
        ),
      );
    }

    const outcome = h('textarea', { class: 'nhsuk-textarea', id: 'outcome', rows: '3', name: 'outcome' });
    const referredTo = h('input', { class: 'nhsuk-input', id: 'referred-to', name: 'referredTo' });
    actions.replaceChildren(
      h('div', { class: 'fd-actions' }, buttons),
      open && mine && item.summary.callbackNumber ? callbackForm(item) : undefined,
      open && canReassign() ? reassignForm(item) : undefined,
      open && mine
        ? h(
            'div',
            {},
            h('h2', {}, 'Record the outcome'),
            h(
              'div',
              { class: 'nhsuk-form-group' },
              h('label', { class: 'nhsuk-label', for: 'outcome' }, 'Outcome, or reason for closing'),
              outcome,
            ),
            h(
              'div',
              { class: 'nhsuk-form-group' },
              h('label', { class: 'nhsuk-label', for: 'referred-to' }, 'Refer on to (team or service)'),
              referredTo,
            ),
            h(
              'div',
              { class: 'fd-actions' },
              h(
                'button',
                { class: 'nhsuk-button', id: 'resolve', onclick: () => run('resolve', { outcome: outcome.value }) },
                'Resolve',
              ),
              h(
                'button',
                {
                  class: 'nhsuk-button nhsuk-button--secondary',
                  id: 'refer-on',
                  onclick: () => run('refer-on', { referredTo: referredTo.value, note: outcome.value || undefined }),
                },
                'Refer on',
              ),
              h(
                'button',
                {
                  class: 'nhsuk-button nhsuk-button--secondary',
                  id: 'close',
                  onclick: () => run('close', { reason: outcome.value }),
                },
                'Close',
              ),
            ),
          )
        : undefined,
      item.callbacks.length
        ? [
            h('h2', {}, 'Call-backs from the console'),
            h(
              'ul',
              { class: 'nhsuk-list', id: 'callbacks' },
              item.callbacks.map((c) =>
                h('li', {}, `${new Date(c.at).toLocaleString()} — ${c.staff}: ${words(c.status)}`),
              ),
            ),
          ]
        : undefined,
      item.calls.length
        ? [
            h('h2', {}, 'Phone calls'),
            h(
              'ul',
              { class: 'nhsuk-list', id: 'calls' },
              item.calls.map((c) => h('li', {}, callLine(c))),
            ),
          ]
        : undefined,
      h('h2', {}, 'History'),
      h(
        'ul',
        { class: 'nhsuk-list' },
        item.history.map((e) =>
          h(
            'li',
            {},
            `${new Date(e.at).toLocaleString()} — ${words(e.action)} by ${e.by}${e.note ? `: ${e.note}` : ''}`,
          ),
        ),
      ),
    );
  };

  // Click-to-call: the phone line rings the clinician's phone first (their rota number unless they give one), and
  // dials the patient once they answer and press 1; the patient sees our number, never the clinician's.
  const callbackForm = (item) => {
    const phone = h('input', {
      class: 'nhsuk-input nhsuk-input--width-20',
      id: 'callback-phone',
      name: 'phone',
      type: 'tel',
      autocomplete: 'tel',
    });
    return h(
      'form',
      {
        class: 'fd-callback',
        onsubmit: async (e) => {
          e.preventDefault();
          await run('callback', phone.value.trim() ? { phone: phone.value } : {});
          if (!notice.querySelector('.nhsuk-error-summary')) {
            notice.replaceChildren(
              h(
                'div',
                { class: 'nhsuk-inset-text' },
                h('p', {}, 'Calling your phone now. Answer it and press 1 to be connected to the patient.'),
              ),
            );
          }
        },
      },
      h('h2', {}, `Call back ${item.summary.callbackNumber}`),
      h(
        'div',
        { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'callback-phone' }, 'Your phone number'),
        h(
          'div',
          { class: 'nhsuk-hint' },
          'Leave blank to use your number on the duty rota. We ring you first, then connect you to the patient.',
        ),
        phone,
      ),
      h('button', { class: 'nhsuk-button nhsuk-button--secondary', id: 'call-back', type: 'submit' }, 'Call back'),
    );
  };

  const reassignForm = (item) => {
    const choice = h('select', { class: 'nhsuk-select', id: 'reassign-to', name: 'to' });
    const fill = (staff) =>
      choice.replaceChildren(
        ...staff
          .filter((p) => p.id !== item.claimedById)
          .map((p) => h('option', { value: p.id }, `${p.name} (${words(p.role)})`)),
      );
    if (state.staff) fill(state.staff);
    else
      api('GET', '/api/console/staff')
        .then((data) => {
          state.staff = data.staff;
          fill(data.staff);
        })
        .catch((err) => notice.replaceChildren(errorBox(err.message)));
    return h(
      'form',
      {
        class: 'fd-reassign',
        onsubmit: (e) => {
          e.preventDefault();
          if (choice.value) run('reassign', { to: choice.value });
        },
      },
      h(
        'div',
        { class: 'nhsuk-form-group' },
        h(
          'label',
          { class: 'nhsuk-label', for: 'reassign-to' },
          item.claimedBy ? `Reassign (now with ${item.claimedBy}) to` : 'Assign to',
        ),
        choice,
      ),
      h('button', { class: 'nhsuk-button nhsuk-button--secondary', id: 'reassign', type: 'submit' }, 'Reassign'),
    );
  };

  const refresh = () =>
    Promise.all([load(), loadTranscript()]).catch((err) => notice.replaceChildren(errorBox(err.message)));
  document.addEventListener('queue-changed', refresh);
  state.cleanup = () => document.removeEventListener('queue-changed', refresh);
  // The patient's replies during a takeover also arrive through the change stream; this catches bot-only turns.
  state.timers.push(setInterval(() => loadTranscript().catch(() => undefined), 3000));
  await refresh();
}

async function rotaView() {
  const data = await api('GET', '/api/console/rota');
  show(
    h('h1', {}, 'Duty rota'),
    h(
      'p',
      {},
      'On duty now, in the order they are called: ',
      data.onDutyNow.map((c) => `${c.name} (${c.role}, ${c.phone})`).join(', ') || 'nobody',
    ),
    h(
      'table',
      { class: 'nhsuk-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Days', 'From', 'To', 'Fallback order'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        data.shifts.map((s) =>
          h(
            'tr',
            {},
            h('td', {}, s.days.join(', ')),
            h('td', {}, s.from),
            h('td', {}, s.to),
            h('td', {}, s.order.join(' → ')),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'nhsuk-body-s' },
      `Version ${data.version ?? '(from the file: the store is not answering)'}. ` +
        `Rota content reviewed by ${data.review.approvedBy}; next review ${data.review.reviewDue}.`,
    ),
    data.history.length
      ? h(
          'p',
          { class: 'nhsuk-body-s' },
          'Changes: ',
          data.history.map((v) => `version ${v.version} by ${v.by}, ${new Date(v.at).toLocaleString()}`).join('; '),
        )
      : undefined,
    data.canEdit && data.version ? rotaEditor(data) : undefined,
  );
}

/** Admins only (the server checks): edit clinicians, phone numbers, shifts and fallback order, saved as a new version. */
function rotaEditor(data) {
  const rota = JSON.parse(JSON.stringify(data.rota));
  const error = h('div', {});
  const body = h('div', {});
  const input = (value, onchange, attrs = {}) =>
    h('input', { class: 'nhsuk-input', value, onchange: (e) => onchange(e.target.value), ...attrs });
  const render = () =>
    body.replaceChildren(
      h('h3', {}, 'Clinicians'),
      h(
        'table',
        { class: 'nhsuk-table fd-rota-edit', id: 'rota-clinicians' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Id', 'Name', 'Role', 'Band', 'Phone', 'Console email', ''].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          rota.clinicians.map((c, i) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                input(c.id, (v) => (c.id = v), { 'aria-label': 'Id' }),
              ),
              h(
                'td',
                {},
                input(c.name, (v) => (c.name = v), { 'aria-label': 'Name' }),
              ),
              h(
                'td',
                {},
                input(c.role, (v) => (c.role = v), { 'aria-label': 'Role' }),
              ),
              h(
                'td',
                {},
                input(c.band, (v) => (c.band = Number(v)), { 'aria-label': 'Band', type: 'number' }),
              ),
              h(
                'td',
                {},
                input(c.phone, (v) => (c.phone = v.replace(/\s/g, '')), { 'aria-label': 'Phone', type: 'tel' }),
              ),
              h(
                'td',
                {},
                input(c.email || '', (v) => (c.email = v.trim() || undefined), {
                  'aria-label': 'Email',
                  type: 'email',
                }),
              ),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'fd-link-button fd-dark',
                    onclick: () => {
                      rota.clinicians.splice(i, 1);
                      render();
                    },
                  },
                  'Remove',
                ),
              ),
            ),
          ),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'nhsuk-button nhsuk-button--secondary',
          onclick: () => {
            rota.clinicians.push({ id: '', name: '', role: '', band: 6, phone: '' });
            render();
          },
        },
        'Add a clinician',
      ),
      h('h3', {}, 'Shifts'),
      h(
        'p',
        { class: 'nhsuk-hint' },
        'Days as monday, tuesday…; times as HH:MM (Europe/London); fallback order as clinician ids, first called first.',
      ),
      h(
        'table',
        { class: 'nhsuk-table fd-rota-edit', id: 'rota-shifts' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Days', 'From', 'To', 'Fallback order', ''].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          rota.shifts.map((s, i) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                input(
                  s.days.join(', '),
                  (v) =>
                    (s.days = v
                      .split(',')
                      .map((d) => d.trim().toLowerCase())
                      .filter(Boolean)),
                  {
                    'aria-label': 'Days',
                  },
                ),
              ),
              h(
                'td',
                {},
                input(s.from, (v) => (s.from = v.trim()), { 'aria-label': 'From' }),
              ),
              h(
                'td',
                {},
                input(s.to, (v) => (s.to = v.trim()), { 'aria-label': 'To' }),
              ),
              h(
                'td',
                {},
                input(
                  s.order.join(', '),
                  (v) =>
                    (s.order = v
                      .split(',')
                      .map((d) => d.trim())
                      .filter(Boolean)),
                  {
                    'aria-label': 'Fallback order',
                  },
                ),
              ),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'fd-link-button fd-dark',
                    onclick: () => {
                      rota.shifts.splice(i, 1);
                      render();
                    },
                  },
                  'Remove',
                ),
              ),
            ),
          ),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'nhsuk-button nhsuk-button--secondary',
          onclick: () => {
            rota.shifts.push({ days: [], from: '08:00', to: '20:00', order: [] });
            render();
          },
        },
        'Add a shift',
      ),
    );
  render();
  return h(
    'form',
    {
      id: 'rota-editor',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api('PUT', '/api/console/rota', { baseVersion: data.version, rota });
          await rotaView();
        } catch (err) {
          error.replaceChildren(errorBox(err.message));
          error.scrollIntoView();
        }
      },
    },
    h('h2', {}, `Edit the rota (version ${data.version})`),
    error,
    body,
    h('button', { class: 'nhsuk-button', id: 'save-rota', type: 'submit' }, 'Save as a new version'),
  );
}

async function outboxView() {
  const data = await api('GET', '/api/console/outbox');
  const calls = data.calls || [];
  show(
    h('h1', {}, 'SMS outbox (development)'),
    h('h2', {}, 'Call-back requests'),
    h(
      'p',
      {},
      'Calls the console asked the phone line to place. Without Twilio credentials they are recorded here and no phone rings.',
    ),
    calls.length
      ? h(
          'table',
          { class: 'nhsuk-table', id: 'call-requests' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['When', 'Ring first', 'Who', 'Item', 'Status'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            calls.map((c) =>
              h(
                'tr',
                {},
                h('td', {}, new Date(c.createdAt).toLocaleString()),
                h('td', {}, c.to),
                h('td', {}, c.staff),
                h('td', {}, h('a', { href: `#/item/${c.queueItemId}` }, c.reference)),
                h('td', {}, words(c.status)),
              ),
            ),
          ),
        )
      : h('p', { class: 'nhsuk-body-s' }, 'None yet.'),
    h('h2', {}, 'Text messages'),
    h('p', {}, 'Messages Front Door would have sent by SMS. Nothing here left the building.'),
    h(
      'table',
      { class: 'nhsuk-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['When', 'To', 'Why', 'Message'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        data.messages.map((m) =>
          h(
            'tr',
            {},
            h('td', {}, new Date(m.createdAt).toLocaleString()),
            h('td', {}, m.to),
            h('td', {}, words(m.purpose)),
            h('td', {}, m.body),
          ),
        ),
      ),
    ),
  );
}

function barChart(title, entries, targets) {
  const max = Math.max(1, ...entries.map(([, v]) => v), ...Object.values(targets || {}));
  const row = 28;
  return h(
    'figure',
    {},
    h('figcaption', { class: 'nhsuk-heading-s' }, title),
    svg(
      'svg',
      {
        class: 'fd-chart',
        width: 560,
        height: Math.max(row, entries.length * row) + 8,
        role: 'img',
        'aria-label': title,
      },
      entries.map(([label, value], i) => [
        svg('text', { x: 0, y: i * row + 18 }, words(label)),
        svg('rect', { x: 170, y: i * row + 4, height: 18, width: Math.max(2, (value / max) * 300) }),
        targets && targets[label] !== undefined
          ? svg('rect', { class: 'fd-target', x: 170 + (targets[label] / max) * 300, y: i * row, height: 26, width: 3 })
          : undefined,
        svg('text', { x: 480, y: i * row + 18 }, String(value)),
      ]),
    ),
  );
}

async function dashboardView() {
  const d = await api('GET', '/api/console/dashboard?days=7');
  const card = (label, value) =>
    h(
      'div',
      { class: 'nhsuk-card' },
      h(
        'div',
        { class: 'nhsuk-card__content' },
        h('p', { class: 'nhsuk-heading-l' }, String(value)),
        h('p', {}, label),
      ),
    );
  show(
    h('h1', {}, 'Dashboard: the last 7 days'),
    h(
      'div',
      { class: 'nhsuk-grid-row' },
      [
        ['contacts', d.contacts],
        ['escalations', d.escalations],
        ['breaches', d.breaches],
        ['resolved without a person', `${d.resolvedWithoutPerson}%`],
        ['referrer feedback overdue', d.feedbackOverdue],
      ].map(([l, v]) => h('div', { class: 'nhsuk-grid-column-one-third' }, card(l, v))),
    ),
    barChart('Contacts by channel', Object.entries(d.contactsByChannel)),
    barChart('Queue items by kind', Object.entries(d.queueByKind)),
    barChart('Queue items by disposition', Object.entries(d.queueByDisposition)),
    barChart(
      'Median minutes to first human response (yellow line: target)',
      d.firstResponse.map((r) => [r.disposition, r.medianMinutes]),
      Object.fromEntries(d.firstResponse.map((r) => [r.disposition, r.targetMinutes])),
    ),
    h(
      'p',
      {},
      d.firstResponse.map((r) => `${words(r.disposition)}: ${r.withinTarget} of ${r.count} within target. `),
    ),
  );
}

async function auditView() {
  const data = await api('GET', '/api/console/audit?limit=300');
  show(
    h('h1', {}, 'Audit trail'),
    h(
      'table',
      { class: 'nhsuk-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['When', 'Who', 'Action', 'Record', 'From'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        data.entries.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, new Date(e.at).toLocaleString()),
            h('td', {}, (e.detail && e.detail.name) || e.actor.id),
            h('td', {}, e.action),
            h('td', {}, `${e.subject.kind} ${(e.detail && e.detail.reference) || e.subject.id}`),
            h('td', {}, e.from || ''),
          ),
        ),
      ),
    ),
  );
}

// ---------- routing ----------

async function route() {
  clearTimers();
  if (state.cleanup) state.cleanup();
  state.cleanup = undefined;
  const [path, id] = location.hash.replace(/^#\//, '').split('?')[0].split('/');
  document
    .querySelectorAll('#nav a')
    .forEach((a) => a.toggleAttribute('aria-current', a.getAttribute('href') === `#/${path}`));
  if (!state.user) return loginView();
  try {
    if (path === 'item' && id) return await itemView(id);
    if (path === 'rota') return await rotaView();
    if (path === 'outbox') return await outboxView();
    if (path === 'dashboard') return await dashboardView();
    if (path === 'audit') return await auditView();
    return await queueView();
  } catch (err) {
    show(errorBox(err.message));
  }
}

document.getElementById('sign-out').addEventListener('click', async () => {
  await api('POST', '/api/console/logout').catch(() => undefined);
  signedOut();
});
window.addEventListener('hashchange', route);

(async () => {
  try {
    const session = await api('GET', '/api/console/session');
    signedIn(session.user, session.csrfToken);
  } catch {
    // Not signed in: the login form.
  }
  route();
})();
