import http from 'node:http';

/**
 * The load generator's HTTP: it shares the two cores with the server and the store, so it must disturb what it
 * measures as little as it can. node:http on a keep-alive agent (as a browser keeps its connection) costs well under
 * half the CPU per request that fetch did, whose WHATWG streams and promises dominated the load generator's profile.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** Sends one request and returns the status and the body as text. */
export function send(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string> = {},
  body?: string,
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
    req.on('error', reject);
    req.end(body);
  });
}
