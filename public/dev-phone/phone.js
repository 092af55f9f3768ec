// Phone simulator: drives our real, signed Twilio webhooks through /dev/phone/webhook and plays the TwiML back.
(() => {
  const OUR_NUMBER = '+442079460000';
  const $ = (id) => document.getElementById(id);
  const call = { sid: undefined, gather: undefined, dial: undefined };

  const hex = (n) =>
    Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
  const pathOf = (url) => {
    const u = new URL(url, location.href);
    return u.pathname + u.search;
  };

  function log(who, text) {
    const li = document.createElement('li');
    const strong = document.createElement('strong');
    strong.textContent = `${who}: `;
    li.append(strong, text);
    $('log').append(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  function speak(lines) {
    if (!$('speak').checked || !('speechSynthesis' in window)) return;
    for (const line of lines) {
      const u = new SpeechSynthesisUtterance(line);
      u.lang = 'en-GB';
      speechSynthesis.speak(u);
    }
  }

  async function post(path, params) {
    const res = await fetch('/dev/phone/webhook', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': (document.cookie.match(/(?:^|; )fd_phone_csrf=([^;]*)/) || [])[1] || '',
      },
      body: JSON.stringify({ path, params }),
    });
    const answer = await res.json();
    if (!res.ok || answer.status !== 200) throw new Error(answer.message || `webhook answered ${answer.status}`);
    $('twiml').textContent = answer.twiml;
    return new DOMParser().parseFromString(answer.twiml, 'text/xml');
  }

  function callParams(extra = {}) {
    const from = $('from').value.trim();
    return {
      AccountSid: `AC${'0'.repeat(32)}`,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: 'in-progress',
      Direction: 'inbound',
      From: from,
      Caller: from,
      To: OUR_NUMBER,
      Called: OUR_NUMBER,
      ...extra,
    };
  }

  function setInCall(inCall) {
    $('hang-up').disabled = !inCall;
    for (const id of ['say-button', 'mumble', 'silence']) $(id).disabled = !inCall;
    for (const b of $('keypad').querySelectorAll('button')) b.disabled = !inCall;
  }

  /** Plays a TwiML document: says, then whatever waits for the caller (gather, dial, redirect, hang-up). */
  async function play(doc) {
    const says = [...doc.getElementsByTagName('Say')].map((s) => s.textContent);
    for (const line of says) log('Front Door', line);
    speak(says);
    call.gather = undefined;
    $('dial').hidden = true;
    const gather = doc.getElementsByTagName('Gather')[0];
    const dial = doc.getElementsByTagName('Dial')[0];
    const redirect = doc.getElementsByTagName('Redirect')[0];
    if (gather) {
      call.gather = pathOf(gather.getAttribute('action'));
      $('status').textContent = 'Listening: say something, press keys, or stay silent.';
    } else if (dial) {
      const number = dial.getElementsByTagName('Number')[0];
      call.dial = {
        action: dial.getAttribute('action') && pathOf(dial.getAttribute('action')),
        whisper: number?.getAttribute('url') && pathOf(number.getAttribute('url')),
        number: (number ?? dial).textContent,
      };
      $('dial-text').textContent = `Ringing ${call.dial.number} (timeout ${dial.getAttribute('timeout') ?? 30} s)…`;
      $('status').textContent = 'Transferring.';
      $('dial').hidden = false;
    } else if (redirect) {
      await play(await post(pathOf(redirect.textContent), callParams()));
    } else {
      await ended('completed');
    }
  }

  async function start(line) {
    call.sid = `CA${hex(16)}`;
    $('log').replaceChildren();
    setInCall(true);
    log('Call', `${line} line, ${call.sid}`);
    await play(await post(line === 'professional' ? '/api/voice/professional' : '/api/voice', callParams()));
  }

  async function answer(params, shown) {
    if (!call.gather) return;
    if (shown) log('Caller', shown);
    await play(await post(call.gather, callParams(params)));
  }

  async function ended(status) {
    if (!call.sid) return;
    await post('/api/voice/status', callParams({ CallStatus: status, CallDuration: '42' }));
    log('Call', `ended (${status})`);
    $('status').textContent = 'No call.';
    $('dial').hidden = true;
    call.sid = undefined;
    setInCall(false);
  }

  async function dialOutcome(status) {
    const { action, whisper } = call.dial;
    if (status === 'completed' && whisper) {
      const doc = await post(whisper, callParams({ CallSid: `CA${hex(16)}`, To: call.dial.number }));
      for (const s of doc.getElementsByTagName('Say')) log('Whisper to clinician', s.textContent);
      log('Call', 'connected to the clinician');
    } else {
      log('Call', `clinician: ${status}`);
    }
    if (!action) return ended('completed');
    await play(
      await post(action, callParams({ DialCallStatus: status, DialCallDuration: status === 'completed' ? '60' : '0' })),
    );
  }

  const guard =
    (fn) =>
    (...args) =>
      fn(...args).catch((err) => {
        log('Simulator', String(err.message || err));
      });

  for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'nhsuk-button nhsuk-button--secondary';
    b.textContent = key;
    b.disabled = true;
    b.addEventListener(
      'click',
      guard(() => answer({ Digits: key }, `(presses ${key})`)),
    );
    $('keypad').append(b);
  }
  $('call-public').addEventListener(
    'click',
    guard(() => start('public')),
  );
  $('call-pro').addEventListener(
    'click',
    guard(() => start('professional')),
  );
  $('hang-up').addEventListener(
    'click',
    guard(() => ended('completed')),
  );
  $('say-form').addEventListener(
    'submit',
    guard(async (e) => {
      e.preventDefault();
      const text = $('say').value.trim();
      $('say').value = '';
      await answer({ SpeechResult: text, Confidence: '0.92' }, text);
    }),
  );
  $('mumble').addEventListener(
    'click',
    guard(() => answer({ SpeechResult: 'mm hmm', Confidence: '0.1' }, '(mumbles)')),
  );
  $('silence').addEventListener(
    'click',
    guard(() => answer({}, '(silence)')),
  );
  for (const b of $('dial').querySelectorAll('button')) {
    b.addEventListener(
      'click',
      guard(() => dialOutcome(b.dataset.dial)),
    );
  }
  $('sms-form').addEventListener(
    'submit',
    guard(async (e) => {
      e.preventDefault();
      const text = $('sms').value.trim();
      $('sms').value = '';
      log('Text from caller', text);
      const doc = await post('/api/sms', {
        AccountSid: `AC${'0'.repeat(32)}`,
        MessageSid: `SM${hex(16)}`,
        From: $('from').value.trim(),
        To: OUR_NUMBER,
        Body: text,
        NumMedia: '0',
      });
      for (const m of doc.getElementsByTagName('Message')) log('Text from Front Door', m.textContent);
    }),
  );
})();
