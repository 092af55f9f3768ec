import { DOMParser } from '@xmldom/xmldom';
import { startApp, type RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import type { ConferenceCallPort, ParticipantCall } from '../../src/integrations/twilio/interpreterConference';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { until } from '../support/eventually';
import { Call } from '../support/phoneCall';
import { conferenceJoin, handRunSchedule } from '../support/interpreterConference';
import { clockAt, TEST_PUBLIC_URL } from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });
// 21:30 in London: the night rota, Tom Okoro first.
const NIGHT = new Date('2026-11-25T21:30:00Z');
const TOM_PHONE = '+447700900804';

/** Twilio's REST calls, recorded in order instead of made. */
const rung: ParticipantCall[] = [];
const redirected: string[] = [];
const conferenceCalls: ConferenceCallPort = {
  call: async (participant) => (rung.push(participant), { sid: `CA${rung.length}` }),
  redirect: async (callSid) => {
    redirected.push(callSid);
  },
};

/** The waits each app started (its own timers), ended by hand. */
const { waits, schedule } = handRunSchedule();

function statusCallbackIn(twiml: string): string {
  const conference = new DOMParser().parseFromString(twiml, 'text/xml').getElementsByTagName('Conference')[0];
  return conference.getAttribute('statusCallback')!;
}

const interpreterJoined = (base: string, statusCallback: string) => conferenceJoin(base, statusCallback, 'interpreter');

/** A Polish caller whom the journeys cannot follow: in the interpreter conference, the interpreter rung. */
async function polishCallerWaiting(base: string): Promise<{ call: Call; statusCallback: string }> {
  const call = new Call(base);
  await call.ring();
  await call.press('2');
  const answer = await call.say('mam pytanie o parking');
  return { call, statusCallback: statusCallbackIn(answer.body) };
}

/**
 * Issue 22 (H79): a caller waiting for the telephone interpreter is kept in the store, not in the process, so Front
 * Door restarting during the wait still rings the duty clinician when the interpreter joins, or when the wait runs out.
 */
describe('interpreter waits survive a restart (real store)', () => {
  let config: Config;
  let app: RunningApp | undefined;

  beforeAll(() => {
    clockAt(NIGHT);
    config = testConfig({ PUBLIC_URL: TEST_PUBLIC_URL });
  });
  afterAll(async () => {
    await app?.stop();
    jest.useRealTimers();
  });

  const start = async () => {
    app = await startApp(config, logger, undefined, { conferenceCalls, schedule });
    return `http://127.0.0.1:${app.port}`;
  };

  it('rings the clinician for a join after the restart, and for a wait that runs out after it', async () => {
    let base = await start();
    const joining = await polishCallerWaiting(base);
    const late = await polishCallerWaiting(base);
    expect(rung.map((p) => p.role)).toEqual(['interpreter', 'interpreter']);
    expect(await app!.database.connection.collection('interpreter_waits').countDocuments()).toBe(2);

    // Front Door stops mid-wait (its timers with it) and starts again on the same store.
    await app!.stop();
    app = undefined;
    const before = waits.length;
    base = await start();
    // Both waits are running again, each with at most the time it had left.
    const resumed = waits.slice(before);
    expect(resumed).toHaveLength(2);
    for (const wait of resumed) expect(wait.ms).toBeLessThanOrEqual(90_000);

    // The first caller's interpreter joins: the new process rings the duty clinician into that conference.
    expect((await interpreterJoined(base, joining.statusCallback)).status).toBe(204);
    expect(rung.map((p) => [p.role, p.to])).toEqual([
      ['interpreter', '+441632960900'],
      ['interpreter', '+441632960900'],
      ['clinician', TOM_PHONE],
    ]);
    expect(rung[2].twiml).toContain(joining.statusCallback.split('conference=')[1]);

    // The second caller's wait runs out: the caller is told, the clinician rung anyway.
    for (const wait of resumed) if (!wait.cancelled) wait.run();
    await until(() => rung.length >= 4);
    expect(rung[3]).toMatchObject({ role: 'clinician', to: TOM_PHONE });
    expect(rung[3].twiml).toMatch(/has not joined yet/);
    expect(rung[3].twiml).toContain(late.statusCallback.split('conference=')[1]);
    expect(redirected).toEqual([late.call.sid]);

    // Both waits are over: nothing is left to resume, and a join repeated rings nobody.
    expect(await app!.database.connection.collection('interpreter_waits').countDocuments()).toBe(0);
    expect((await interpreterJoined(base, late.statusCallback)).status).toBe(204);
    expect(rung).toHaveLength(4);
  });
});
