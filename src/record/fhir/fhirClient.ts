import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { RecordUnavailableError } from '../ports';
import { NO_AUTH, type AccessTokens } from './tokenProvider';

/** The server answered, but refused: a version conflict (409/412), not found (404/410), or invalid (400/422). */
export class FhirRequestError extends Error {
  override name = 'FhirRequestError';
  constructor(
    readonly status: number,
    readonly outcome?: OperationOutcome,
  ) {
    super(
      `FHIR server answered ${status}${outcome?.issue?.[0]?.diagnostics ? `: ${outcome.issue[0].diagnostics}` : ''}`,
    );
  }
  get isConflict(): boolean {
    return this.status === 409 || this.status === 412;
  }
}

export type Typed<T extends Resource> = T & { id: string; meta: { versionId: string } };

/** A small FHIR R4 REST client: JSON only, a timeout on every call, a bearer token when the server needs one. */
export class FhirClient {
  constructor(
    readonly baseUrl: string,
    private readonly tokens: AccessTokens = NO_AUTH,
    private readonly timeoutMs = 10000,
  ) {}

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const token = await this.tokens.token().catch((err: Error) => {
      throw new RecordUnavailableError(err.message);
    });
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/$/, '')}/${path}`, {
        method,
        headers: {
          accept: 'application/fhir+json',
          ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new RecordUnavailableError(`The record system could not be reached: ${(err as Error).message}`);
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.status >= 500) throw new RecordUnavailableError(`The record system failed (HTTP ${res.status}).`);
    if (!res.ok) throw new FhirRequestError(res.status, json as OperationOutcome | undefined);
    return json as T;
  }

  read<T extends Resource>(type: T['resourceType'], id: string): Promise<Typed<T>> {
    return this.request('GET', `${type}/${encodeURIComponent(id)}`);
  }

  /** Null when there is no such resource. */
  async readIfExists<T extends Resource>(type: T['resourceType'], id: string): Promise<Typed<T> | null> {
    try {
      return await this.read<T>(type, id);
    } catch (err) {
      if (err instanceof FhirRequestError && (err.status === 404 || err.status === 410)) return null;
      throw err;
    }
  }

  /**
   * Every match on the first page. `fresh` sends Cache-Control: no-cache, which a server that reuses recent result sets
   * (HAPI does by default) must honour: a search that has to see a write just made asks for it.
   */
  async search<T extends Resource>(
    type: T['resourceType'],
    params: Record<string, string | string[]>,
    options: { fresh?: boolean } = {},
  ): Promise<Typed<T>[]> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
    }
    const bundle = await this.request<Bundle>('GET', `${type}?${query}`, undefined, {
      ...(options.fresh ? { 'cache-control': 'no-cache' } : {}),
    });
    return (bundle.entry ?? [])
      .filter((e) => e.search?.mode !== 'include' && e.resource?.resourceType === type)
      .map((e) => e.resource as Typed<T>);
  }

  /**
   * Every match, page after page (the server's `next` links), up to `maxPages`: a search whose answer must be whole,
   * such as finding a person among everyone born on a day. A `next` link off this server is not followed.
   */
  async searchAll<T extends Resource>(
    type: T['resourceType'],
    params: Record<string, string | string[]>,
    maxPages = 20,
  ): Promise<Typed<T>[]> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
    }
    const found: Typed<T>[] = [];
    let path: string | undefined = `${type}?${query}`;
    for (let page = 0; path && page < maxPages; page++) {
      const bundle: Bundle = await this.request<Bundle>('GET', path);
      for (const e of bundle.entry ?? []) {
        if (e.search?.mode !== 'include' && e.resource?.resourceType === type) found.push(e.resource as Typed<T>);
      }
      path = this.onThisServer(bundle.link?.find((l) => l.relation === 'next')?.url);
    }
    if (path) throw new RecordUnavailableError(`The search for ${type} had more than ${maxPages} pages.`);
    return found;
  }

  /** A link's path relative to the base URL, or undefined when there is none or it points elsewhere. */
  private onThisServer(url: string | undefined): string | undefined {
    if (!url) return undefined;
    const root = new URL(this.baseUrl);
    const rootPath = root.pathname.replace(/\/$/, '');
    const link = new URL(url, `${root.origin}${rootPath}/`);
    // HAPI links pages to the base itself ("…/fhir?_getpages=…"), with no slash after it.
    const inside = link.pathname === rootPath || link.pathname.startsWith(`${rootPath}/`);
    if (link.origin !== root.origin || !inside) {
      throw new RecordUnavailableError('The record system linked the next page to another server.');
    }
    return `${link.pathname.slice(rootPath.length + 1)}${link.search}`;
  }

  create<T extends Resource>(resource: T, ifNoneExist?: string): Promise<Typed<T>> {
    return this.request('POST', resource.resourceType, resource, {
      prefer: 'return=representation',
      ...(ifNoneExist ? { 'if-none-exist': ifNoneExist } : {}),
    });
  }

  /** Updates only if the server still holds `version` (If-Match): two writers from one reading give one winner. */
  update<T extends Resource>(resource: T & { id: string }, version?: string): Promise<Typed<T>> {
    return this.request('PUT', `${resource.resourceType}/${encodeURIComponent(resource.id)}`, resource, {
      prefer: 'return=representation',
      ...(version ? { 'if-match': `W/"${version}"` } : {}),
    });
  }

  /**
   * A conditional update (`PUT Type?query`): creates the resource when nothing matches, replaces the one that does, and
   * refuses when several do. A retry after a lost answer therefore leaves exactly one.
   */
  updateWhere<T extends Resource>(resource: T, query: string): Promise<Typed<T>> {
    return this.request('PUT', `${resource.resourceType}?${query}`, resource, { prefer: 'return=representation' });
  }

  /** All entries or none. */
  transaction(entries: Bundle['entry']): Promise<Bundle> {
    return this.request('POST', '', { resourceType: 'Bundle', type: 'transaction', entry: entries });
  }

  /** The server's $validate against the base R4 specification. */
  async validate(resource: Resource): Promise<OperationOutcome> {
    try {
      return await this.request('POST', `${resource.resourceType}/$validate`, {
        resourceType: 'Parameters',
        parameter: [{ name: 'resource', resource }],
      });
    } catch (err) {
      // HAPI answers an invalid resource with 412 and the issues.
      if (err instanceof FhirRequestError && err.outcome) return err.outcome;
      throw err;
    }
  }
}
