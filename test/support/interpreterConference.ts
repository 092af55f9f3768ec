import type { Schedule } from '../../src/integrations/twilio/interpreterConference';
import { postWebhook, TEST_PUBLIC_URL } from './twilioWebhooks';

/** One wait the app started for its interpreter: how long, and ended by hand. */
export interface HandRunWait {
  ms: number;
  run: () => void;
  cancelled: boolean;
}

/** The conference's waits for their interpreter, ended by hand: the content's 90 seconds would make a slow test. */
export function handRunSchedule(): { waits: HandRunWait[]; schedule: Schedule } {
  const waits: HandRunWait[] = [];
  const schedule: Schedule = (ms, run) => {
    const wait = { ms, run, cancelled: false };
    waits.push(wait);
    return () => {
      wait.cancelled = true;
    };
  };
  return { waits, schedule };
}

/** Twilio's conference status callback for a participant joining, signed as Twilio signs it. */
export function conferenceJoin(
  base: string,
  statusCallback: string,
  label: string,
  extra: Record<string, string> = {},
) {
  const path = statusCallback.slice(TEST_PUBLIC_URL.length);
  return postWebhook(base, path, {
    AccountSid: `AC${'0'.repeat(32)}`,
    ConferenceSid: `CF${'1'.repeat(32)}`,
    FriendlyName: 'front-door-interpreter',
    StatusCallbackEvent: 'participant-join',
    ParticipantLabel: label,
    CallSid: `CA${'2'.repeat(32)}`,
    SequenceNumber: '2',
    Timestamp: new Date().toUTCString(),
    ...extra,
  });
}
