import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import twilio from 'twilio';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/observability/logger';

/**
 * `npm run bench:voice [-- --n 200]`: how fast the phone line answers Twilio, as a warm server sees it. Twilio gives
 * up after 15 s and callers notice a pause far sooner. Each webhook is signed and sequential, on the embedded store:
 * an incoming call (welcome + <Gather>), a keypad answer (a full bot turn), an SMS, and /healthz as the baseline of
 * the same HTTP stack in the same run.
 */
const n = Number(process.argv[process.argv.indexOf('--n') + 1]) || 200;
const PUBLIC_URL = 'https://bench.frontdoor.test';
const TOKEN = 'bench-only-twilio-auth-token-0123456789';

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'front-door-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PUBLIC_URL,
    TWILIO_AUTH_TOKEN: TOKEN,
  });
  const app = await startApp(config, createLogger({ level: 'silent' }));
  const base = `http://127.0.0.1:${app.port}`;
  const post = async (url: string, params: Record<string, string>) => {
    const res = await fetch(base + url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, PUBLIC_URL + url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return body;
  };
  const call = (sid: string, extra: Record<string, string> = {}) => ({
    CallSid: sid,
    From: '+447700900123',
    To: '+442079460000',
    CallStatus: 'in-progress',
    ...extra,
  });

  try {
    const timings: Record<string, number[]> = {
      healthz: [],
      'voice: incoming call': [],
      'voice: keypad answer': [],
      sms: [],
    };
    const time = async (name: string, fn: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      const result = await fn();
      timings[name].push(Number(process.hrtime.bigint() - start) / 1e6);
      return result;
    };
    // Warm-up: the first turn loads the classifier and opens pool connections; callers after that see the rest.
    await post('/api/voice', call('CAwarmup'));
    for (let i = 0; i < n; i++) {
      await time('healthz', () => fetch(`${base}/healthz`).then((r) => r.text()));
      const sid = `CA${String(i).padStart(32, '0')}`;
      const greeting = (await time('voice: incoming call', () => post('/api/voice', call(sid)))) as string;
      const action = new DOMParser()
        .parseFromString(greeting, 'text/xml')
        .getElementsByTagName('Gather')[0]
        .getAttribute('action')!;
      await time('voice: keypad answer', () => post(action.slice(PUBLIC_URL.length), call(sid, { Digits: '1' })));
      await time('sms', () =>
        post('/api/sms', {
          MessageSid: `SM${i}`,
          From: `+4477009${String(i % 1000).padStart(5, '0')}`,
          To: '+442079460000',
          Body: 'hello',
        }),
      );
    }
    const pct = (xs: number[], p: number) =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    console.log(`Webhook answer time, ${n} sequential requests each, warm server, embedded store:`);
    console.log('| request | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|');
    for (const [name, xs] of Object.entries(timings)) {
      console.log(
        `| ${name} | ${pct(xs, 0.5).toFixed(1)} | ${pct(xs, 0.99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`,
      );
    }
  } finally {
    // botbuilder's transcript logger writes after each turn without being awaited: let the last writes land.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
