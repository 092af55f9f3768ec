import { randomUUID } from 'node:crypto';
import type { CloudAdapter, ActivityHandlerBase } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Config } from './config';
import type { Logger } from './observability/logger';
import { resolveClientAddress, setClientAddress } from './http/clientAddress';
import { MAX_JSON_DEPTH, nestedDeeperThan, setSecurityHeaders } from './http/securityHeaders';

export interface ServerDependencies {
  config: Config;
  logger: Logger;
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  /** Whether the store answers; /readyz reports it so a load balancer stops sending traffic to a broken instance. */
  isReady: () => Promise<boolean>;
}

export interface FrontDoorServer {
  server: Server;
  /** Requests being handled now; shutdown waits for them. */
  inFlight(): number;
  /** Stop accepting new requests; /readyz turns 503 so load balancers drain this instance. */
  stopAccepting(): void;
  /** /readyz turns 503 while every other request is still served, so load balancers move traffic away first. */
  startDraining(): void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** How long an idle keep-alive connection is kept open: longer than common load balancers' 60 s idle timeout. */
const KEEP_ALIVE_MS = 65000;

export function createServer(deps: ServerDependencies): FrontDoorServer {
  const { config, logger } = deps;
  const server = restify.createServer({ name: 'front-door', handleUncaughtExceptions: false });
  // A client or proxy that reuses an idle connection just as the server closes it gets a reset (ECONNRESET), and a
  // proxy answers a POST so reset with a 502. Node's 5 s default is shorter than the idle reuse of browsers and of
  // load balancers (60 s is common), so the server keeps idle connections longer than they do; headersTimeout above it,
  // as Node's documentation asks. Stop closes idle connections at once, so this does not delay a shutdown.
  server.server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.server.headersTimeout = KEEP_ALIVE_MS + 1000;
  const https = config.PUBLIC_URL.startsWith('https:');
  let inFlight = 0;
  let accepting = true;
  let draining = false;

  server.pre((req: Request, res: Response, next) => {
    const incoming = req.header('x-request-id');
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (req as Request & { requestId: string }).requestId = id;
    setClientAddress(req, resolveClientAddress(req, config.TRUST_PROXY));
    setSecurityHeaders(req, res, https);
    res.setHeader('x-request-id', id);
    if (!accepting) {
      res.setHeader('connection', 'close');
      res.send(503, { error: 'shutting_down', message: 'This instance is shutting down; retry on another.' });
      return next(false);
    }
    inFlight++;
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    res.once('finish', done);
    res.once('close', done);
    return next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));
  server.use((req: Request, res: Response, next) => {
    if (nestedDeeperThan(req.body, MAX_JSON_DEPTH)) {
      res.send(400, { error: 'invalid_body', message: `The JSON nests more than ${MAX_JSON_DEPTH} levels deep.` });
      return next(false);
    }
    return next();
  });

  server.on('after', (req: Request, res: Response) => {
    // Path only: query strings and bodies can carry patient details.
    logger.info(
      {
        event: 'http.request',
        reqId: (req as Request & { requestId?: string }).requestId,
        method: req.method,
        path: req.getPath(),
        status: res.statusCode,
        ms: Date.now() - req.time(),
      },
      'request',
    );
  });
  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number }, callback) => {
    const reqId = (req as Request & { requestId?: string }).requestId;
    // A plain error (a store's) would otherwise be sent as its own text inside an InternalError.
    if (typeof err.statusCode !== 'number') err.statusCode = 500;
    if (err.statusCode >= 500) {
      logger.error({ err, reqId }, 'request failed');
      // What failed stays in the log: a store error names hosts and ports, a RangeError the code's limits.
      (err as Error & { toJSON: () => object }).toJSON = () => ({
        error: 'internal',
        message: 'internal error',
        reqId,
      });
    }
    return callback();
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.get('/readyz', async (_req, res) => {
    const ready = accepting && !draining && (await deps.isReady());
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready' });
  });

  server.post('/api/messages', async (req, res) => {
    if (config.NODE_ENV === 'production' && !config.MicrosoftAppId) {
      res.send(401, {
        error: 'channel_not_configured',
        message: 'The Azure Bot Service channel needs MicrosoftAppId and MicrosoftAppPassword in production.',
      });
      return;
    }
    if (!isActivityLike(req.body)) {
      res.send(400, { error: 'invalid_activity', message: 'The body must be a Bot Framework activity with a type.' });
      return;
    }
    if (!serviceUrlAllowed((req.body as { serviceUrl?: unknown }).serviceUrl, config)) {
      res.send(400, {
        error: 'service_url_not_allowed',
        message: 'serviceUrl must be a Bot Framework channel service (or one listed in BOT_SERVICE_URLS).',
      });
      return;
    }
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });

  return {
    server,
    inFlight: () => inFlight,
    stopAccepting: () => {
      accepting = false;
    },
    startDraining: () => {
      draining = true;
    },
  };
}

function isActivityLike(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string';
}

/** Where Azure Bot Service channels are answered from; replies go to the activity's serviceUrl, so only these. */
const BOT_FRAMEWORK_HOSTS = /(^|\.)(botframework\.com|botframework\.azure\.us|trafficmanager\.net)$/;

/**
 * Whether replies may be posted to this serviceUrl: a Bot Framework service over https, one configured in
 * BOT_SERVICE_URLS, or (outside production, for the Bot Framework Emulator) this machine.
 */
function serviceUrlAllowed(value: unknown, config: Config): boolean {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (config.BOT_SERVICE_URLS.some((allowed) => url.origin === allowed)) return true;
  if (url.protocol === 'https:' && BOT_FRAMEWORK_HOSTS.test(url.hostname)) return true;
  return config.NODE_ENV !== 'production' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
