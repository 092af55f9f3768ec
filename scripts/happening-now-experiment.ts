/**
 * Issue 16 experiment: can a learned "is this happening now to a real person" check tell the screen's false 999s
 * (past, hypothetical, resolved, someone else's, figurative, admin) from its true ones, well enough to turn an unsure
 * 999 into one confirming danger-sign question without costing a single emergency? `npx tsx
 * scripts/happening-now-experiment.ts [--sets abcdefghijklmnopq] [--setups bayes,bayesAlarming,sentences]
 * [--rules-cache FILE]`. Prints JSON lines only (figures, never a message's text).
 *
 * Leave one set out: for each spent set X, the model is trained on every other spent set's messages ("999" against
 * the rest) and scores the messages of X that the screen sent to 999. Its threshold is chosen without X: the lowest
 * score any true emergency the screen sent to 999 got in an inner leave-one-set-out over the training sets, so that
 * no emergency of the training sets would have been held back. Held back on X = scored below that threshold: a false
 * 999 held back is one fewer; an emergency held back is a fall in recall, and the check ships only if none falls.
 * Sealed sets are refused.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createUnderstander } from '../src/intents';
import { createNormaliser } from '../src/intents/normalise';
import type { Disposition } from '../src/triage/dispositions';
import { urgencyFeatures } from '../src/triage/urgencySafetyNet';
import { arg } from './cliArg';

const BLIND = path.join(__dirname, '..', 'test', 'blind');
const SPENT = /^safety-[a-q]$/;
const NON_URGENT: Disposition[] = ['routine', 'self_care', 'none'];

interface Item {
  set: string;
  label: Disposition;
  rules: Disposition;
  /** The screen raised a 999 hit or read any finding, current or not: a message with alarming words. */
  alarming: boolean;
  features: string[];
  /** Each sentence of the message: its features, whether it alone is sent to 999, whether it names any finding. */
  sentences: { features: string[]; alone999: boolean; finding: boolean }[];
}

type Scorer = (item: Item) => number;
type Setup = (train: Item[]) => Scorer;

const EMERGENCY = (it: Item) => it.label === 'emergency_999';

/** Naive Bayes log-odds, "999" against the rest, add-one smoothed, over features seen at least twice. */
function bayes(onlyAlarming: boolean): Setup {
  return (all) => {
    const train = onlyAlarming ? all.filter((it) => it.alarming) : all;
    const df = new Map<string, number>();
    for (const it of train) for (const f of it.features) df.set(f, (df.get(f) ?? 0) + 1);
    const counts = { yes: new Map<string, number>(), no: new Map<string, number>() };
    let yes = 0;
    let no = 0;
    for (const it of train) {
      const e = EMERGENCY(it);
      if (e) yes++;
      else no++;
      const m = e ? counts.yes : counts.no;
      for (const f of it.features) if ((df.get(f) ?? 0) >= 2) m.set(f, (m.get(f) ?? 0) + 1);
    }
    const w = new Map<string, number>();
    for (const [f, n] of df)
      if (n >= 2)
        w.set(
          f,
          Math.log(((counts.yes.get(f) ?? 0) + 1) / (yes + 2)) - Math.log(((counts.no.get(f) ?? 0) + 1) / (no + 2)),
        );
    const prior = Math.log(yes / no);
    return (item) => item.features.reduce((z, f) => z + (w.get(f) ?? 0), prior);
  };
}

/**
 * The same model over sentences, not messages: trained on the sentences that name a finding (an emergency's sentences
 * that alone are sent to 999 against every such sentence of a non-urgent message), scoring a message by its most
 * emergency-like sentence that alone is sent to 999. A message whose 999 needs two sentences together is never held
 * back. The words around the finding, not the admin around it, are what it reads.
 */
const sentences: Setup = (train) => {
  const examples: Item[] = [];
  for (const it of train)
    for (const s of it.sentences) {
      if (EMERGENCY(it) ? s.alone999 : NON_URGENT.includes(it.label) && s.finding)
        examples.push({ ...it, features: s.features });
    }
  const score = bayes(false)(examples);
  return (item) => {
    const alone = item.sentences.filter((s) => s.alone999);
    if (!alone.length) return Infinity;
    return Math.max(...alone.map((s) => score({ ...item, features: s.features })));
  };
};

const SETUPS: Record<string, Setup> = { bayes: bayes(false), bayesAlarming: bayes(true), sentences };

function load(sets: string[], cacheFile?: string): Item[] {
  const normalise = createNormaliser();
  const cache: Record<
    string,
    { rules: Disposition; alarming: boolean; sentences: { text: string; alone999: boolean; finding: boolean }[] }[]
  > = cacheFile && existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
  let understander: ReturnType<typeof createUnderstander> | undefined;
  const items: Item[] = [];
  for (const set of sets) {
    if (!SPENT.test(set)) throw new Error(`${set} is not a spent safety set: never read`);
    const rows = readFileSync(path.join(BLIND, `${set}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { text: string; disposition: Disposition });
    if (!cache[set]) {
      understander ??= createUnderstander();
      const u = understander;
      const read = rows.map((r) => u.understand(r.text));
      // The screen over the sets' messages and their sentences is most of a run: kept (in a file of the caller's
      // choosing, outside the repository) with the sentences' text, which the spent sets hold anyway.
      cache[set] = read.map((r, i) => ({
        rules: r.disposition,
        alarming: r.redFlags.some((h) => h.disposition === 'emergency_999') || r.findings.length > 0,
        sentences: splitSentences(rows[i].text).map((text) => {
          const alone = u.understand(text);
          return { text, alone999: alone.disposition === 'emergency_999', finding: alone.findings.length > 0 };
        }),
      }));
    }
    rows.forEach((r, i) => {
      const { sentences: read, ...rest } = cache[set][i];
      items.push({
        set,
        label: r.disposition,
        ...rest,
        features: urgencyFeatures(normalise(r.text)),
        sentences: read.map((x) => ({ ...x, features: urgencyFeatures(normalise(x.text)) })),
      });
    });
  }
  if (cacheFile) writeFileSync(cacheFile, JSON.stringify(cache));
  return items;
}

/** Sentences: split after a full stop, question or exclamation mark, semicolon or line break. */
function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;\n])\s+/)
    .map((t) => t.trim())
    .filter((t) => /[a-z]/i.test(t));
}

function main(): void {
  const sets = (arg('--sets') ?? 'abcdefghijklmnopq').split('').map((l) => `safety-${l}`);
  const setups = (arg('--setups') ?? 'bayes,bayesAlarming,sentences').split(',');
  const items = load(sets, arg('--rules-cache'));
  for (const name of setups) {
    const setup = SETUPS[name];
    if (!setup) throw new Error(`unknown setup ${name}`);
    const total = { emergencies: 0, heldBackEmergencies: 0, false999: 0, heldBackFalse999: 0, nonUrgent: 0 };
    for (const x of sets) {
      const others = items.filter((it) => it.set !== x);
      let threshold = Infinity;
      for (const y of sets) {
        if (y === x) continue;
        const score = setup(others.filter((it) => it.set !== y));
        for (const it of others)
          if (it.set === y && it.rules === 'emergency_999' && EMERGENCY(it)) threshold = Math.min(threshold, score(it));
      }
      const score = setup(others);
      const held = items.filter((it) => it.set === x);
      const emergencies = held.filter(EMERGENCY);
      const nonUrgent = held.filter((it) => NON_URGENT.includes(it.label));
      const told = held.filter((it) => it.rules === 'emergency_999');
      const heldBack = (it: Item) => score(it) < threshold;
      const hit = emergencies.filter((it) => it.rules === 'emergency_999');
      const false999 = nonUrgent.filter((it) => it.rules === 'emergency_999');
      const share = (k: number, n: number) => Math.round((k / Math.max(1, n)) * 1000) / 1000;
      const row = {
        setup: name,
        heldOut: x,
        threshold: Math.round(threshold * 100) / 100,
        recall: share(hit.length, emergencies.length),
        recallWithCheck: share(hit.filter((it) => !heldBack(it)).length, emergencies.length),
        false999: share(false999.length, nonUrgent.length),
        false999WithCheck: share(false999.filter((it) => !heldBack(it)).length, nonUrgent.length),
        heldBack: told.filter(heldBack).length,
      };
      console.log(JSON.stringify(row));
      total.emergencies += emergencies.length;
      total.heldBackEmergencies += hit.filter(heldBack).length;
      total.false999 += false999.length;
      total.heldBackFalse999 += false999.filter(heldBack).length;
      total.nonUrgent += nonUrgent.length;
    }
    console.log(JSON.stringify({ setup: name, pooled: total }));
  }
}

main();
