import http from 'node:http';

/**
 * The load generator's HTTP: it shares the two cores with the server and the store, so it must disturb what it
 * measures as little as it can. node:http on a keep-alive agent (as a browser keeps its connection) costs well under
 * half the CPU per request that fetch did, whose WHATWG streams and promises dominated the load generator's profile.
 */
const agent = new http.Agent({
  keepAlive: true,
  maxSockets: 512,
  // Node's agent honours a server's `Keep-Alive: timeout=N` (closing its idle socket a second earlier) only when it
  // has a timeout of its own that is longer; with none it kept idle sockets for ever and reused one just as the server
  // closed it: the full runs' ECONNRESETs (docs/benchmark-log.md).
  timeout: 120000,
});

/** Sends one request and returns the status and the body as text. */
export async function send(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; text: string }> {
  try {
    return await sendOnce(method, url, headers, body);
  } catch (err) {
    // Node's documented remedy for the race that is left (a loaded machine): a request reset on a reused idle socket
    // never reached the server, so it is sent once more, on a new one.
    if (!(err instanceof ResetOnReusedSocket)) throw err;
    return sendOnce(method, url, headers, body);
  }
}

class ResetOnReusedSocket extends Error {}

function sendOnce(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')
          ? new ResetOnReusedSocket(err.message)
          : err,
      ),
    );
    req.end(body);
  });
}
