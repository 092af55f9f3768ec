// The console's live parts. The pages (sign-in included) are server-rendered and work without this script; it adds
// queue updates as they happen (Server-Sent Events), an alert with a sound when a new urgent item arrives or a red
// flag is typed during a takeover, the live conversation during a takeover, and ready-made replies.

const page = document.body.dataset.page ?? '';

let audio: AudioContext | undefined;

/**
 * Browsers only let a page make sound after the person has interacted with it, so the audio context is made (or
 * resumed) on the first click or key press, and the chime uses that one context.
 */
function unlockSound(): void {
  const unlock = () => {
    try {
      audio ??= new AudioContext();
      void audio.resume();
    } catch {
      // No audio available: the visible alert is still shown.
    }
  };
  document.addEventListener('pointerdown', unlock, { capture: true });
  document.addEventListener('keydown', unlock, { capture: true });
}

/** A short two-tone chime (no audio file to fetch). Returns false when the browser has not allowed sound yet. */
function chime(): boolean {
  try {
    audio ??= new AudioContext();
    const context = audio;
    [880, 660].forEach((frequency, i) => {
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.frequency.value = frequency;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(context.destination);
      tone.start(context.currentTime + i * 0.25);
      tone.stop(context.currentTime + i * 0.25 + 0.2);
    });
    return context.state === 'running';
  } catch {
    return false;
  }
}

const SOUND_OFF = ' Alert sounds are off until you select something on this page.';

/** The visible alert at the top of the page, with the chime; says so when the browser has kept it silent. */
function raiseAlert(text: string): void {
  const alert = document.getElementById('live-alert');
  if (!alert) return;
  const sounded = chime();
  alert.textContent = sounded ? text : text + SOUND_OFF;
  alert.hidden = false;
}

/** What the queue's tokens say has arrived: `new:<id>` a new urgent item, `flag:<id>:<time>` a red flag in a takeover. */
function describeArrivals(tokens: string[]): string {
  const items = tokens.filter((t) => t.startsWith('new:')).length;
  const flags = tokens.filter((t) => t.startsWith('flag:')).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    items ? `${plural(items, 'new urgent item')} in the queue.` : '',
    flags ? `${plural(flags, 'red flag')} typed during a takeover: the item has been raised.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function liveQueue(): void {
  const region = () => document.getElementById('queue-region');
  const status = document.getElementById('live-status');
  let known = new Set((region()?.dataset.newest ?? '').split(' ').filter(Boolean));
  let busy = false;
  const refresh = async () => {
    if (busy) return;
    busy = true;
    try {
      const res = await fetch(`/console/queue-region${window.location.search}`, { headers: { accept: 'text/html' } });
      if (!res.ok) return;
      const holder = document.createElement('div');
      holder.innerHTML = await res.text();
      const fresh = holder.querySelector<HTMLElement>('#queue-region');
      const current = region();
      if (!fresh || !current) return;
      const urgent = (fresh.dataset.newest ?? '').split(' ').filter(Boolean);
      const arrived = urgent.filter((id) => !known.has(id));
      known = new Set(urgent);
      current.replaceWith(fresh);
      if (status)
        status.textContent = `Updated ${new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/London' }).format(new Date())}`;
      if (arrived.length) raiseAlert(describeArrivals(arrived));
    } finally {
      busy = false;
    }
  };
  const events = new EventSource('/api/console/queue/events');
  let first = true;
  events.addEventListener('change', () => {
    // The first event only says the stream is open: the page already shows the queue.
    if (first) {
      first = false;
      return;
    }
    void refresh();
  });
}

/** During a takeover: a red flag the patient types raises this item; its alert replaces the region and chimes. */
async function refreshItemAlert(id: string): Promise<void> {
  const current = document.getElementById('item-alert');
  if (!current) return;
  const res = await fetch(`/console/items/${id}/alert`, { headers: { accept: 'text/html' } });
  if (!res.ok) return;
  const holder = document.createElement('div');
  holder.innerHTML = await res.text();
  const fresh = holder.querySelector<HTMLElement>('#item-alert');
  if (!fresh || fresh.dataset.alert === current.dataset.alert) return;
  current.replaceWith(fresh);
  if (fresh.dataset.alert) raiseAlert(fresh.querySelector('h2')?.textContent?.trim() ?? 'Red flag typed.');
}

function liveTranscript(): void {
  const transcript = document.getElementById('transcript');
  if (!transcript) return;
  const id = transcript.dataset.item ?? '';
  const poll = async () => {
    await refreshItemAlert(id);
    const res = await fetch(`/console/items/${id}/transcript`, { headers: { accept: 'text/html' } });
    if (res.ok) {
      const html = await res.text();
      if (html !== transcript.innerHTML) {
        transcript.innerHTML = html;
        transcript.scrollTop = transcript.scrollHeight;
      }
    }
  };
  transcript.scrollTop = transcript.scrollHeight;
  if (transcript.dataset.live === 'yes') setInterval(() => void poll(), 1500);
}

function readyMadeReplies(): void {
  const select = document.getElementById('reply') as HTMLSelectElement | null;
  const box = document.getElementById('message') as HTMLTextAreaElement | null;
  const texts = select?.dataset.replies ? (JSON.parse(select.dataset.replies) as Record<string, string>) : {};
  if (!select || !box) return;
  select.addEventListener('change', () => {
    if (texts[select.value]) {
      box.value = texts[select.value];
      box.focus();
    }
  });
}

unlockSound();
if (page === 'queue') liveQueue();
if (page === 'item') {
  liveTranscript();
  readyMadeReplies();
}
