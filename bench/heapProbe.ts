import WebSocket from 'ws';

/**
 * Asks a server process, through the V8 inspector it was started with (`--inspect`), to collect garbage and report
 * the JavaScript heap in use: memory that is really held, not garbage not yet collected. No code in the server is
 * needed for this.
 */
export async function heapUsedAfterGcKB(inspectorPort: number): Promise<number> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: unknown } } }>((resolve) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { id?: number };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        resolve(message as { result?: { result?: { value?: unknown } } });
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    const answer = await call('Runtime.evaluate', {
      expression: 'process.memoryUsage().heapUsed',
      returnByValue: true,
    });
    return Math.round(Number(answer.result?.result?.value) / 1024);
  } finally {
    socket.close();
  }
}
