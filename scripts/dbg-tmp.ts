import { VisitReference } from '../src/dialogs/visitReference';
import { dateFeatures } from '../src/intents/answers/dateFeatures';
const when = { now: new Date('2026-12-07T16:00:00Z'), timeZone: 'Europe/London' };
const v = VisitReference.load();
for (const t of process.argv.slice(2)) {
  console.log(t, '| wish', v.isWish(t, when), '| names', v.namesVisit(t), '| feat', JSON.stringify(dateFeatures(t, when.now, when.timeZone)));
}
console.log(JSON.stringify(dateFeatures(' on tuesday the 15th in the morning', when.now, when.timeZone)));
