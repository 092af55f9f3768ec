import type { Activity, CardAction } from 'botbuilder';
import { PROMPT_SOURCE, type PromptSource } from '../content/dialogPrompts';
import { fill } from '../content/placeholders';
import type { Wording } from '../triage/assessment/assessmentContent';
import type { EnglishCatalogue, Locale, LocaleCatalogue } from './localeCatalogue';
import type { FftContent } from '../dialogs/friendsAndFamilyTest';

/** The Friends and Family Test's sentences a language's file says by the same keys (its answers are buttons). */
const FFT_KEYS = ['question', 'why', 'whyPoor', 'thanks', 'declined'] as const;

/** The English of the danger-sign questions (content/triage/danger-signs.yaml), as the assessment sends them. */
export interface DangerSignsEnglish {
  intro: Wording;
  introUrgent: Wording;
  groups: { id: string; text: string; speak: string; sms?: string; yes: { message: Wording } }[];
}

/** A sentence in the language, and whether its English goes with it (a clinical sentence: hazard H49's control). */
interface Local {
  text: string;
  speak: string;
  alongside: boolean;
  actions?: string[];
}

/**
 * Says the bot's messages in the conversation's language (issue 22): each message the dialogs render from
 * content/prompts/dialogs.yaml by its key and values, each fixed English sentence (the welcome, the danger-sign
 * questions and their 999 messages, the Friends and Family Test) by its words, and each button by content's label. A sentence the language's file
 * does not have is sent in English. A clinical sentence is sent in the language and then, as its own message, in
 * English; the question's buttons go with the last. Activities already in a language (a locale screen's 999 message)
 * are left as they are.
 */
export class Localiser {
  /** Each fixed English sentence's translation; `sms` picks the shorter form a texter reads, where there is one. */
  private readonly fixed = new Map<string, (locale: Locale, sms: boolean) => Local | undefined>();
  private readonly alongside: Set<string>;

  constructor(
    private readonly catalogue: LocaleCatalogue,
    english: EnglishCatalogue,
    dangerSigns: DangerSignsEnglish,
    fft: FftContent,
  ) {
    this.alongside = new Set(catalogue.journeys.englishAlongside);
    for (const [key, message] of Object.entries(english.messages)) {
      if (/\{\w+\}/.test(message.text)) continue;
      this.fixed.set(message.text, (l, sms) => this.message(l, key, {}, sms));
    }
    const signs = (l: Locale) => l.content.dangerSigns;
    const said = (key: string, w: Wording | undefined, sms?: string) =>
      w && { text: sms ?? w.text, speak: w.speak, alongside: this.alongside.has(key) };
    this.fixed.set(dangerSigns.intro.text, (l) => said('dangerSigns.intro', signs(l).intro));
    this.fixed.set(dangerSigns.introUrgent.text, (l) => said('dangerSigns.introUrgent', signs(l).introUrgent));
    for (const group of dangerSigns.groups) {
      const key = `dangerSigns.${group.id}`;
      this.fixed.set(group.text, (l) => said(key, signs(l).groups[group.id]));
      if (group.sms) {
        this.fixed.set(group.sms, (l) => {
          const local = signs(l).groups[group.id];
          return said(key, local, local?.sms ?? local?.text);
        });
      }
      this.fixed.set(group.yes.message.text, (l, sms) => {
        const yes = signs(l).groups[group.id]?.yes;
        return said(`${key}.yes`, yes, sms ? yes?.sms : undefined);
      });
    }
    for (const key of FFT_KEYS) this.fixed.set(fft[key].text, (l) => said(`fft.${key}`, l.content.fft[key]));
  }

  /**
   * The turn's outgoing activities, in place (botbuilder sends the array it hands to onSendActivities): each one's
   * prompt source is taken off, and in a conversation in another language each is said in it (by text, its `sms`
   * form where it has one).
   */
  localise(activities: Partial<Activity>[], code: string | undefined, channelId?: string, received?: string): void {
    const sms = channelId === 'sms';
    const locale = this.catalogue.get(code);
    for (let i = 0; i < activities.length; i++) {
      const activity = activities[i];
      const source = takeSource(activity);
      if (!locale || activity.type !== 'message' || saidIn(activity, received)) continue;
      const local = source
        ? this.message(locale, source.key, source.vars, sms)
        : this.fixedFor(locale, activity.text, sms);
      this.translateActions(activity, locale);
      if (!local) continue;
      if (local.actions && activity.suggestedActions) {
        activity.suggestedActions = {
          ...activity.suggestedActions,
          actions: local.actions.map((title) => ({ type: 'imBack', title, value: title })),
        };
      }
      const inLanguage: Partial<Activity> = {
        ...activity,
        text: local.text,
        speak: local.speak,
        locale: locale.language.code,
      };
      if (!local.alongside) {
        Object.assign(activity, inLanguage);
        continue;
      }
      // The translation first, without the buttons; the English after it, marked as English, with them.
      delete inLanguage.suggestedActions;
      delete inLanguage.channelData;
      activity.locale = 'en-GB';
      activities.splice(i, 0, inLanguage);
      i++;
    }
  }

  /** A message in the language with its values; undefined when the file does not have it. */
  private message(locale: Locale, key: string, vars: PromptSource['vars'], sms = false): Local | undefined {
    const local = locale.content.messages[key];
    if (!local) return undefined;
    const keep = (name: string) => `{${name}}`;
    return {
      text: fill((sms && local.sms) || local.text, vars, keep),
      speak: fill(local.speak, vars, keep),
      alongside: this.alongside.has(key),
      actions: local.actions,
    };
  }

  private fixedFor(locale: Locale, text: string | undefined, sms: boolean): Local | undefined {
    return text ? this.fixed.get(text)?.(locale, sms) : undefined;
  }

  /** Buttons in the language; what a button sends is its label, which the recognisers read as the English one. */
  private translateActions(activity: Partial<Activity>, locale: Locale): void {
    const actions = activity.suggestedActions?.actions;
    if (!actions?.length) return;
    const labels = locale.content.labels;
    activity.suggestedActions = {
      ...activity.suggestedActions!,
      actions: actions.map((a): CardAction => {
        const title = typeof a.title === 'string' ? labels[a.title] : undefined;
        return title ? { ...a, title, value: title } : a;
      }),
    };
  }
}

function takeSource(activity: Partial<Activity>): PromptSource | undefined {
  const data = activity.channelData as Record<string, unknown> | undefined;
  if (!data || !(PROMPT_SOURCE in data)) return undefined;
  const { [PROMPT_SOURCE]: source, ...rest } = data;
  activity.channelData = Object.keys(rest).length ? rest : undefined;
  return source as PromptSource;
}

/**
 * Already said in a language: the translated 999 and interpreter messages carry theirs. botbuilder copies the
 * received activity's locale (web chat's browser language, "pl-PL") onto every reply that has none, so that one
 * marks nothing: without this, a person whose browser is in their language got every journey in English.
 */
function saidIn(activity: Partial<Activity>, received: string | undefined): boolean {
  return !!activity.locale && activity.locale !== 'en-GB' && activity.locale !== received;
}
