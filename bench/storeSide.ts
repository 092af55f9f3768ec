import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/observability/logger';
import { EmbeddedStore } from '../src/store/embeddedStore';

const ADMIN = { email: 'bench-admin@hub.example', password: 'bench-admin-password-1' };

/** Front Door in this process on its own embedded store (a given build of it), with an admin signed in. */
export interface StoreSide {
  name: string;
  base: string;
  store: EmbeddedStore;
  app: RunningApp;
  dataDir: string;
  /** The admin's session cookie. */
  cookie: string;
}

/** Starts a store from `binary` on a fresh data directory, the app on it, and signs the admin in. */
export async function startStoreSide(name: string, binary: string, db: string): Promise<StoreSide> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `front-door-${db}-${name}-`));
  const store = await EmbeddedStore.start({ dataDir, binary });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: store.uri,
    MONGODB_DB: db,
    SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });
  const app = await startApp(config, createLogger({ level: 'silent' }));
  const base = `http://127.0.0.1:${app.port}`;
  const res = await fetch(`${base}/api/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`${name}: sign-in answered ${res.status}`);
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  return { name, base, store, app, dataDir, cookie };
}

export async function stopStoreSide(side: StoreSide): Promise<void> {
  await side.app.stop().catch(() => undefined);
  await side.store.stop().catch(() => undefined);
  rmSync(side.dataDir, { recursive: true, force: true });
}
