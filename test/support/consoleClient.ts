// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
export type ApiResponse = { status: number; body: any; headers: Headers };

/** A console user over HTTP: keeps the session cookie and CSRF token as the browser page does. */
export class ConsoleClient {
  cookie = '';
  csrf = '';

  constructor(private readonly base: string) {}

  /** A client signed in as the staff member (the sign-in must succeed). */
  static async signedIn(base: string, email: string, password: string): Promise<ConsoleClient> {
    const client = new ConsoleClient(base);
    const res = await client.login(email, password);
    if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}`);
    return client;
  }

  async login(email: string, password: string) {
    const res = await this.request('POST', '/api/console/login', { email, password });
    if (res.status === 200) {
      this.csrf = res.body.csrfToken;
    }
    return res;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  /** A console page as the browser asks for it: GET, or a form POST; redirects are returned, not followed. */
  async page(
    path: string,
    form?: Record<string, string | string[]>,
  ): Promise<{ status: number; location: string; text: string }> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form ?? {})) for (const v of [value].flat()) body.append(key, v);
    const res = await fetch(`${this.base}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: this.cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? body : undefined,
    });
    return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown) {
    return this.request('POST', path, body);
  }
}
