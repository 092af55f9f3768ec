import { z } from 'zod';
import { seesItem } from './serviceScope';
import type { AuditLog } from '../hub/audit';
import type { QueueItem } from '../hub/queueModel';
import type { Takeover } from '../hub/takeover';
import { loadOutcomes } from '../hub/outcomes';
import { QueueTransitionError, type TriageQueue } from '../hub/triageQueue';
import type { CallPort } from '../integrations/notify/callRequests';
import { callerNumberOf, e164 } from '../integrations/twilio/phoneNumbers';
import { InterpreterNotReached, type InterpreterConference } from '../integrations/twilio/interpreterConference';
import type { TelephoneInterpreting } from '../content/services';
import { interpreterLanguageIn } from '../language/interpreterRoute';
import type { PhoneLanguageMenu } from '../language/phoneLanguageMenu';
import { DUTY_OR_ADMIN, HttpError, parse, STAFF_ANY, type Staff } from './http';
import type { StaffSession } from './staffSessions';
import type { StaffDirectory, StaffRole } from './staffUsers';

const OPEN: readonly string[] = ['claimed', 'in_progress'];

const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .max(max, { error: `${what} must be at most ${max} characters` });
/** An empty form field is "not given", the same as leaving it out of a JSON body. */
const optionalText = (what: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(what, max).optional());
const OUTCOMES = loadOutcomes();
const outcomeCodes = OUTCOMES.list.map((o) => o.code) as [string, ...string[]];
/** A coded outcome from content/hub/outcomes.yaml, never free text: reports count them. */
const outcomeCode = z.enum(outcomeCodes, {
  error: (issue) =>
    issue.input === undefined ? 'outcome is required' : `outcome must be one of ${outcomeCodes.join(', ')}`,
});
const blankIsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const resolveBody = z.object({
  outcome: z.preprocess(blankIsMissing, outcomeCode),
  note: optionalText('note', 2000),
});
export const referBody = z.object({ referredTo: text('referredTo', 200), note: optionalText('note', 2000) });
/** Closing keeps the reason; a coded outcome is optional (the queue page's close of items handed to 999 gives it). */
export const closeBody = z.object({
  reason: text('reason', 2000),
  outcome: z.preprocess(blankIsMissing, outcomeCode.optional()),
});
export const messageBody = z.object({ text: text('text', 2000) });
export const feedbackBody = z.object({ note: optionalText('note', 2000) });
/** A UK number in any usual form (07700 900123, +44 7700 900123, 0044…), as E.164 for Twilio. */
const ukPhone = z
  .string()
  .transform((v) => v.replace(/[\s().-]/g, ''))
  .pipe(
    z.string().regex(/^(?:0|\+44|0044)[1-9]\d{8,9}$/, {
      error: 'must be a UK phone number, e.g. 07700 900123 or +44 7700 900123',
    }),
  )
  .transform((v) => `+44${v.replace(/^(?:0044|\+44|0)/, '')}`);
export const callbackBody = z.object({
  phone: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), ukPhone.optional()),
});
export const releaseBody = z.object({ note: optionalText('note', 500) });
/** The council's answer to a safeguarding concern we sent: their reference when they gave one. */
export const councilAcknowledgedBody = z.object({ councilReference: optionalText('councilReference', 100) });
export const reassignBody = z.object({
  to: z.string({ error: "to is required (the staff member's id)" }).trim().min(1, { error: 'to is required' }).max(100),
  note: optionalText('note', 500),
});

export interface QueueActionDeps {
  queue: TriageQueue;
  takeover: Takeover;
  /** Click-to-call: Twilio when configured, else recorded only. */
  dialer: CallPort;
  /** The staff member's phone from the duty rota (E.164), if they are on it. */
  staffPhone: (session: StaffSession) => string | undefined;
  users: StaffDirectory;
  audit: AuditLog;
  /** Items with no service are this service's (src/console/serviceScope.ts). */
  defaultService: string;
  /** The three-way call with a telephone interpreter (issue 22), and for an item's service its contract and number. */
  interpreters: {
    conference: InterpreterConference;
    menu: PhoneLanguageMenu;
    interpretingFor: (service: string | undefined) => TelephoneInterpreting;
    ourNumber: (service: string | undefined) => string;
  };
  /** Every service's name by id (content/services/), for the filter and for each item. */
  serviceNames: Record<string, string>;
}

interface Done {
  item: QueueItem;
  audit: string;
  detail?: object;
}
type Run = (deps: QueueActionDeps, staff: Staff, item: QueueItem, body: unknown) => Promise<Done>;

/**
 * Who a call from the console rings: the person's call-back number and the staff member's own (given, or theirs on the
 * rota). The queue's own refusals come first, so no phone rings for someone who may not act on the item.
 */
async function callParties(
  deps: QueueActionDeps,
  staff: Staff,
  item: QueueItem,
  phone: string | undefined,
): Promise<{ patientNumber: string; to: string }> {
  if (item.status === 'new' || item.claimedBy?.id !== staff.actor.id || !OPEN.includes(item.status)) {
    await deps.queue.start(item._id, staff.actor, 'called_back');
  }
  const patientNumber = callerNumberOf(item.summary.callbackNumber && e164(item.summary.callbackNumber));
  if (!patientNumber) {
    throw new HttpError(
      409,
      'no_callback_number',
      'This item has no call-back number: contact the person another way.',
    );
  }
  const to = phone ?? deps.staffPhone(staff.session);
  if (!to) {
    throw new HttpError(
      400,
      'invalid_request',
      'phone: your number is not on the duty rota; give the number to call you on.',
    );
  }
  return { patientNumber, to };
}

/**
 * Everything a person can do to a queue item, shared by the JSON API and the console's forms, so both check the
 * same rules and leave the same audit trail. Only `claim` is open to anyone; the rest need the claim (the queue
 * and the takeover refuse otherwise), and reassigning needs the duty clinician or an admin.
 */
const ACTIONS: Record<string, { roles: readonly StaffRole[]; run: Run }> = {
  claim: {
    roles: STAFF_ANY,
    run: async (deps, staff, item) => ({
      item: await deps.queue.claim(item._id, staff.actor),
      audit: 'queue_item.claim',
    }),
  },
  release: {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(releaseBody, raw);
      const done = await deps.queue.release(item._id, staff.actor, body.note);
      await deps.takeover.claimEnded(item._id, staff.actor);
      return { item: done, audit: 'queue_item.release' };
    },
  },
  reassign: {
    roles: DUTY_OR_ADMIN,
    run: async (deps, staff, item, raw) => {
      const body = parse(reassignBody, raw);
      const user = await deps.users.findById(body.to);
      if (!user) throw new HttpError(400, 'invalid_request', 'to: no staff member has this id.');
      const previous = item.claimedBy;
      const done = await deps.queue.reassign(item._id, staff.actor, { id: user._id, name: user.name }, body.note);
      if (previous) await deps.takeover.claimEnded(item._id, previous);
      return {
        item: done,
        audit: 'queue_item.reassign',
        detail: { from: previous?.name, to: user.name, toId: user._id },
      };
    },
  },
  // Click-to-call: ring the staff member's phone (the number given, else theirs on the rota); when they answer and
  // press 1, the call-back bridge webhook dials the patient. The request is checked in full before any phone rings.
  callback: {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(callbackBody, raw);
      const { patientNumber, to } = await callParties(deps, staff, item, body.phone);
      const request = await deps.dialer.place({
        queueItemId: item._id,
        reference: item.reference,
        staff: staff.actor,
        to,
        patientNumber,
      });
      const done = await deps.queue.start(
        item._id,
        staff.actor,
        'called_back',
        deps.dialer.live ? 'call placed through the phone line' : 'call requested (development: not placed)',
      );
      return {
        item: done,
        audit: 'queue_item.call_back',
        detail: { callRequest: request._id, status: request.status, numberFrom: body.phone ? 'request' : 'rota' },
      };
    },
  },
  // The interpreter three-way call: the interpreting service is rung first (its account code keyed in); once it has
  // joined (or the wait has run out), the staff member, then the patient, all into one conference. Checked in full
  // before any phone rings, as callback.
  'interpreter-call': {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(callbackBody, raw);
      const { patientNumber, to } = await callParties(deps, staff, item, body.phone);
      const { conference, menu, interpretingFor, ourNumber } = deps.interpreters;
      const language = menu.byName(interpreterLanguageIn(item.summary.answers?.reason) ?? '');
      if (!language) {
        throw new HttpError(
          409,
          'no_interpreter_language',
          'This item does not say which language an interpreter is needed for: arrange one by hand.',
        );
      }
      let started;
      try {
        started = await conference.fromConsole(
          {
            language,
            reference: item.reference,
            interpreting: interpretingFor(item.service),
            from: ourNumber(item.service),
          },
          to,
          patientNumber,
        );
      } catch (err) {
        if (!(err instanceof InterpreterNotReached)) throw err;
        throw new HttpError(502, 'interpreter_not_reached', 'The interpreting service could not be called. Try again.');
      }
      const done = await deps.queue.start(
        item._id,
        staff.actor,
        'called_back',
        conference.live
          ? `${language.name} interpreter call started`
          : `${language.name} interpreter call requested (development: not placed)`,
      );
      return {
        item: done,
        audit: 'queue_item.interpreter_call',
        detail: { language: language.code, conference: started.name, rung: started.rung },
      };
    },
  },
  takeover: {
    roles: STAFF_ANY,
    run: async (deps, staff, item) => ({
      item: await deps.takeover.begin(item._id, staff.actor),
      audit: 'conversation.take_over',
    }),
  },
  message: {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(messageBody, raw);
      await deps.takeover.say(item._id, staff.actor, body.text);
      return { item, audit: 'conversation.message', detail: { length: body.text.length } };
    },
  },
  handback: {
    roles: STAFF_ANY,
    run: async (deps, staff, item) => ({
      item: await deps.takeover.handBack(item._id, staff.actor),
      audit: 'conversation.hand_back',
    }),
  },
  resolve: {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(resolveBody, raw);
      const outcome = { code: body.outcome, label: OUTCOMES.labelOf(body.outcome)! };
      const done = await deps.queue.resolve(item._id, staff.actor, outcome, body.note);
      await deps.takeover.finished(item._id, staff.actor);
      return { item: done, audit: 'queue_item.resolve', detail: { outcome: body.outcome } };
    },
  },
  'refer-on': {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(referBody, raw);
      const done = await deps.queue.referOn(item._id, staff.actor, body.referredTo, body.note);
      await deps.takeover.finished(item._id, staff.actor);
      return { item: done, audit: 'queue_item.refer_on', detail: { referredTo: body.referredTo } };
    },
  },
  close: {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(closeBody, raw);
      const outcome = body.outcome ? { code: body.outcome, label: OUTCOMES.labelOf(body.outcome)! } : undefined;
      const done = await deps.queue.close(item._id, staff.actor, body.reason, outcome);
      await deps.takeover.finished(item._id, staff.actor);
      return { item: done, audit: 'queue_item.close', detail: outcome ? { outcome: outcome.code } : undefined };
    },
  },
  // Not the claimant's alone: whoever takes the council's reply or call records it, as with a phone message.
  'council-acknowledged': {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(councilAcknowledgedBody, raw);
      return {
        item: await deps.queue.recordCouncilAcknowledged(item._id, staff.actor, body.councilReference),
        audit: 'queue_item.council_acknowledged',
      };
    },
  },
  feedback: {
    roles: STAFF_ANY,
    run: async (deps, staff, item, raw) => {
      const body = parse(feedbackBody, raw);
      return {
        item: await deps.queue.recordFeedback(item._id, staff.actor, body.note),
        audit: 'queue_item.feedback',
      };
    },
  },
};

export const QUEUE_ACTIONS = Object.keys(ACTIONS);
export const rolesFor = (action: string): readonly StaffRole[] | undefined => ACTIONS[action]?.roles;

/** Writes who looked at or changed an item to the audit trail. */
export function auditItem(
  audit: AuditLog,
  staff: Staff,
  action: string,
  item: Pick<QueueItem, '_id' | 'reference'>,
  detail: object = {},
) {
  return audit.record({
    actor: { kind: 'staff', id: staff.actor.id },
    action,
    subject: { kind: 'queue_item', id: item._id },
    channel: 'console',
    from: staff.from,
    detail: { reference: item.reference, name: staff.actor.name, ...detail },
  });
}

/** Runs one action on one item (checking the role), and audits it. */
export async function runQueueAction(
  deps: QueueActionDeps,
  name: string,
  staff: Staff,
  itemId: string,
  body: unknown,
): Promise<QueueItem> {
  const action = ACTIONS[name];
  if (!action) throw new HttpError(404, 'not_found', 'No such action.');
  if (!action.roles.includes(staff.session.role)) {
    throw new HttpError(403, 'forbidden', `This needs the ${action.roles.join(' or ')} role.`);
  }
  const item = await deps.queue.findById(itemId);
  // Another service's item is not there for them: the same answer as no item, so nothing about it is revealed.
  if (!item || !seesItem(staff.session, item, deps.defaultService)) {
    throw new QueueTransitionError('not_found', 'No such queue item.');
  }
  const done = await action.run(deps, staff, item, body);
  await auditItem(deps.audit, staff, done.audit, done.item, done.detail);
  return done.item;
}
