// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
export type ApiResponse = { status: number; body: any; headers: Headers };

/** A console user over HTTP: keeps the session cookie and CSRF token as the browser page does. */
export class ConsoleClient {
  cookie = '';
  csrf = '';

  constructor(private readonly base: string) {}

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

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown) {
    return this.request('POST', path, body);
  }
}
