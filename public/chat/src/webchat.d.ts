// The parts of Microsoft's Web Chat (window.WebChat, from /chat/webchat.js) and its React that the chat page uses.

export interface Subscribable<T> {
  subscribe(observer: ((value: T) => void) | { next?: (value: T) => void; error?: (err: unknown) => void }): {
    unsubscribe(): void;
  };
}

export interface ChatActivity {
  type: string;
  id?: string;
  text?: string;
  timestamp?: string;
  /** The language of a bot message ("ur"), when it is not English. */
  locale?: string;
  from: { id: string; name?: string; role?: string };
  channelData?: { handoff?: { from?: string; staff?: string } };
}

export interface DirectLine {
  connectionStatus$: Subscribable<number>;
  activity$: Subscribable<ChatActivity>;
  postActivity(activity: Partial<ChatActivity>): Subscribable<string>;
  end(): void;
}

export interface ReactElement {
  readonly type: unknown;
}
export interface ReactLike {
  createElement(type: string, props: Record<string, unknown> | null, ...children: unknown[]): ReactElement;
}

export interface ActivityStatusArgs {
  activity: ChatActivity;
  hideTimestamp: boolean;
  sendState: 'sending' | 'send failed' | 'sent';
}
export type ActivityStatusMiddleware = () => (
  next: (args: ActivityStatusArgs) => ReactElement | false,
) => (args: ActivityStatusArgs) => ReactElement | false;

export interface WebChatGlobal {
  createDirectLine(options: { token: string; domain: string; conversationId?: string; webSocket: boolean }): DirectLine;
  renderWebChat(
    props: {
      directLine: DirectLine;
      userID: string;
      locale: string;
      styleOptions: Record<string, unknown>;
      renderMarkdown?: (text: string) => string;
      activityStatusMiddleware?: ActivityStatusMiddleware;
    },
    host: HTMLElement,
  ): void;
}

declare global {
  interface Window {
    WebChat: WebChatGlobal;
    React: ReactLike;
  }
}
