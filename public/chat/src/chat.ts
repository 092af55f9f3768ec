// The web chat page: gets a token from Front Door, then runs Microsoft's Web Chat on our own Direct Line endpoint,
// with the NHS.UK look: sender labels, the 999 message as an emergency care card, phone numbers as tap-to-call links,
// and a plain-text download of the conversation.
import { escapeHtml, linkPhoneNumbers } from '../../../src/web/phoneLinks';
import type { ChatActivity, DirectLine } from './webchat';

interface Settings {
  senders: { bot: string; you: string; staff: string };
  /** The English 999 instructions, and the same in the other languages served (the 999 message in another language
   * is that language's words, then the English). */
  emergencyMessages: string[];
  translatedEmergencyMessages: string[];
  /** Languages written right to left (content/languages/languages.yaml). */
  rightToLeft: string[];
  emergencyCard: { heading: string; call999: string; call111: string };
  downloadHeading: string;
}

interface Session {
  token: string;
  conversationId: string;
  userId: string;
  expiresAt: number;
  started: boolean;
}

/** The service whose page this is (/s/<id>); the token names it, so the chat is that service's. */
const SERVICE = /^\/s\/([a-z][a-z0-9-]*)\/?$/.exec(window.location.pathname)?.[1];
// One remembered chat per service page: a chat started on one service's page is not resumed on another's.
const KEY = SERVICE ? `frontdoor.chat.${SERVICE}` : 'frontdoor.chat';
const ONLINE = 2;
const EXPIRED = 3;
const FAILED = 4;
const ENDED = 5;

const byId = <T extends HTMLElement>(id: string) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`chat page: #${id} is missing`);
  return element as T;
};

const chat = byId('chat');
const status = byId('chat-status');
const endButton = byId<HTMLButtonElement>('end-chat');
const downloadButton = byId<HTMLButtonElement>('download');
const ended = byId('chat-ended');
const unavailable = byId('chat-unavailable');
const settings = JSON.parse(byId('webchat').dataset.settings ?? '{}') as Settings;
const connectingText = status.textContent ?? '';
let directLine: DirectLine | undefined;
let session: Session | undefined;
/** What has been said in this chat, for "Download this conversation". */
let said: ChatActivity[] = [];
/**
 * The language of each bot message in another language, by its words: Web Chat hands renderMarkdown the text alone,
 * and the activity (with its locale) arrives here first.
 */
const languageOfText = new Map<string, string>();

const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

function remembered(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    // A token about to expire would fail mid-sentence: start afresh instead.
    return s && s.expiresAt - Date.now() > 60000 ? s : undefined;
  } catch {
    return undefined;
  }
}

function remember(): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
}

async function newSession(): Promise<Session> {
  const url = SERVICE ? `/api/chat/token?service=${encodeURIComponent(SERVICE)}` : '/api/chat/token';
  const res = await fetch(url, { method: 'POST', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`token request failed: ${res.status}`);
  const t = (await res.json()) as { token: string; conversationId: string; userId: string; expires_in: number };
  return {
    token: t.token,
    conversationId: t.conversationId,
    userId: t.userId,
    expiresAt: Date.now() + t.expires_in * 1000,
    started: false,
  };
}

type State = 'connecting' | 'online' | 'ended' | 'unavailable';

// One state on screen at a time: connecting, online, ended or unavailable.
function show(state: State): void {
  status.textContent = state === 'connecting' ? connectingText : '';
  byId('webchat').hidden = state === 'ended' || state === 'unavailable';
  endButton.hidden = state !== 'online';
  downloadButton.hidden = said.length === 0;
  ended.hidden = state !== 'ended';
  unavailable.hidden = state !== 'unavailable';
  if (state === 'ended' || state === 'unavailable') chat.focus();
}

// Web Chat cannot be unmounted from outside React, so each chat gets a fresh element.
function freshHost(): HTMLElement {
  const old = byId('webchat');
  const host = document.createElement('div');
  host.id = 'webchat';
  host.className = old.className;
  host.dataset.settings = old.dataset.settings;
  // Sender labels are drawn by the stylesheet (Web Chat's minimal bundle keeps its React to itself); the words are
  // content, handed over as custom properties.
  host.style.setProperty('--fd-bot-label', JSON.stringify(settings.senders.bot));
  host.style.setProperty('--fd-you-label', JSON.stringify(settings.senders.you));
  old.replaceWith(host);
  return host;
}

const isEmergency = (text: string) =>
  [...settings.emergencyMessages, ...settings.translatedEmergencyMessages].some((m) => text.trim().startsWith(m));

const paragraphsOf = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${linkPhoneNumbers(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

/** Words in a language, marked so the browser picks its fonts, reads it aloud in it and sets its direction. */
function inLanguage(language: string, html: string): string {
  const dir = settings.rightToLeft.includes(language.split('-')[0]) ? 'rtl' : 'ltr';
  return `<div class="fd-message" lang="${escapeHtml(language)}" dir="${dir}">${html}</div>`;
}

/**
 * The bot's words as HTML, marked with their language and direction: paragraphs, tap-to-call numbers, and the 999
 * message as an emergency care card. A message in another language carries its English after it: that part is
 * marked English, left to right.
 */
function renderMessage(text: string): string {
  const language = languageOfText.get(text) ?? 'en-GB';
  // Infinity, not -1, for "no English part": -1 is finite and would cut the last character off as its own part.
  const englishAt = language.startsWith('en')
    ? Infinity
    : Math.min(...settings.emergencyMessages.map((m) => text.indexOf(m)).filter((i) => i > 0), Infinity);
  const paragraphs = Number.isFinite(englishAt)
    ? inLanguage(language, paragraphsOf(text.slice(0, englishAt))) +
      inLanguage('en-GB', paragraphsOf(text.slice(englishAt)))
    : inLanguage(language, paragraphsOf(text));
  if (!isEmergency(text)) return paragraphs;
  const card = settings.emergencyCard;
  return (
    `<div class="fd-care-card"><p class="fd-care-card__heading">${escapeHtml(card.heading)}</p>${paragraphs}` +
    `<p><a class="fd-care-card__call" href="tel:999">${escapeHtml(card.call999)}</a></p>` +
    `<p><a class="fd-tel" href="tel:111">${escapeHtml(card.call111)}</a></p></div>`
  );
}

function senderOf(activity: ChatActivity): string {
  if (activity.from.role === 'user') return settings.senders.you;
  if (activity.channelData?.handoff?.from === 'staff') return settings.senders.staff;
  return settings.senders.bot;
}

function download(): void {
  const lines = said.map((a) => {
    const at = a.timestamp ? ukDateTime.format(new Date(a.timestamp)) : '';
    return `[${at}] ${senderOf(a)}: ${a.text ?? ''}`;
  });
  const body = [settings.downloadHeading, ukDateTime.format(new Date()), '', ...lines, ''].join('\n');
  const url = URL.createObjectURL(new Blob([body], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `conversation-${new Date().toISOString().slice(0, 10)}.txt`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function start(): Promise<void> {
  show('connecting');
  said = [];
  try {
    session = remembered() ?? (await newSession());
    remember();
    const current = session;
    const line = window.WebChat.createDirectLine({
      token: current.token,
      domain: `${window.location.origin}/v3/directline`,
      // Only a chat that really started can be resumed (after a reload); a new token starts a new one.
      conversationId: current.started ? current.conversationId : undefined,
      webSocket: true,
    });
    directLine = line;
    line.connectionStatus$.subscribe((connection: number) => {
      if (connection === ONLINE) {
        current.started = true;
        remember();
        show('online');
      } else if (connection === FAILED) {
        sessionStorage.removeItem(KEY);
        show('unavailable');
      } else if (connection === EXPIRED || connection === ENDED) {
        sessionStorage.removeItem(KEY);
        show('ended');
      }
    });
    line.activity$.subscribe((activity: ChatActivity) => {
      if (activity.type !== 'message' || !activity.text) return;
      if (activity.from.role !== 'user' && activity.locale) languageOfText.set(activity.text, activity.locale);
      if (activity.id && said.some((a) => a.id === activity.id)) return;
      said.push(activity);
      downloadButton.hidden = false;
    });
    window.WebChat.renderWebChat(
      {
        directLine: line,
        userID: current.userId,
        locale: 'en-GB',
        renderMarkdown: renderMessage,
        styleOptions: {
          accent: '#005eb8',
          primaryFont: 'Frutiger W01, Arial, sans-serif',
          backgroundColor: '#f0f4f5',
          bubbleBackground: '#ffffff',
          bubbleBorderColor: '#d8dde0',
          bubbleBorderWidth: 1,
          bubbleBorderRadius: 12,
          bubbleNubSize: 0,
          bubbleFromUserBackground: '#005eb8',
          bubbleFromUserTextColor: '#ffffff',
          bubbleFromUserBorderColor: '#005eb8',
          bubbleFromUserBorderWidth: 1,
          bubbleFromUserBorderRadius: 12,
          bubbleFromUserNubSize: 0,
          bubbleMaxWidth: 560,
          subtle: '#4c6272',
          timestampColor: '#4c6272',
          groupTimestamp: false,
          suggestedActionLayout: 'flow',
          suggestedActionsFlowMaxHeight: 1000,
          suggestedActionHeight: 44,
          suggestedActionBackgroundColor: '#ffffff',
          suggestedActionBorderColor: '#005eb8',
          suggestedActionBorderWidth: 2,
          suggestedActionTextColor: '#005eb8',
          suggestedActionBorderRadius: 4,
          sendBoxTextWrap: true,
          sendBoxHeight: 48,
          hideUploadButton: true,
          transcriptVisualKeyboardIndicatorColor: '#ffeb3b',
          transcriptVisualKeyboardIndicatorWidth: 3,
          transcriptActivityVisualKeyboardIndicatorColor: '#212b32',
          transcriptActivityVisualKeyboardIndicatorWidth: 3,
          suggestedActionKeyboardFocusIndicatorBorderColor: '#212b32',
          suggestedActionKeyboardFocusIndicatorBorderWidth: 3,
          suggestedActionKeyboardFocusIndicatorBorderStyle: 'solid',
          sendBoxButtonKeyboardFocusIndicatorBorderColor: '#212b32',
          sendBoxButtonKeyboardFocusIndicatorBorderWidth: 3,
          sendBoxButtonKeyboardFocusIndicatorBorderStyle: 'solid',
        },
      },
      freshHost(),
    );
  } catch {
    show('unavailable');
  }
}

function end(): void {
  const line = directLine;
  if (!line || !session) return;
  const finish = () => {
    endButton.disabled = false;
    line.end();
    sessionStorage.removeItem(KEY);
    freshHost();
    show('ended');
  };
  endButton.disabled = true;
  line.postActivity({ type: 'endOfConversation', from: { id: session.userId } }).subscribe({
    next: finish,
    error: finish,
  });
}

endButton.addEventListener('click', end);
downloadButton.addEventListener('click', download);
byId('start-again').addEventListener('click', () => void start());
byId('try-again').addEventListener('click', () => void start());
void start();
