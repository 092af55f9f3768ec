import { fill } from '../../content/placeholders';
import type { PhoneContent } from './phoneContent';

export type MenuChannel = 'speak' | 'sms';

/**
 * A choice's words after its number in a phone or SMS menu ("if you are calling about yourself"), from content's
 * choiceWords; a label with a placeholder there ("Text my mobile ending {last}") matches any value in its place. A
 * label not in content (a time slot, a visit) is read as choiceFallback ("for Tuesday 8 December, 10am").
 */
export function choiceWords(label: string, channel: MenuChannel, content: PhoneContent): string | undefined {
  for (const [key, words] of Object.entries(content.choiceWords)) {
    const values = matchLabel(key, label);
    if (!values) continue;
    return fill(typeof words === 'string' ? words : words[channel], values);
  }
  return undefined;
}

/** One sentence for the whole menu: "Press 1 if you are calling about yourself, 2 if you are a carer, or 3 …". */
export function menuSentence(labels: string[], channel: MenuChannel, content: PhoneContent): string {
  const parts = labels.map(
    (label, i) => `${i + 1} ${choiceWords(label, channel, content) ?? fill(content.choiceFallback, { label })}`,
  );
  const choices =
    parts.length > 1 ? `${parts.slice(0, -1).join(', ')}, ${content.menuOr} ${parts[parts.length - 1]}` : parts[0];
  return fill(channel === 'speak' ? content.voice.keypadMenu : content.sms.replyMenu, { choices });
}

/** The placeholder values a content key with {placeholders} takes from a label, or undefined if it does not match. */
function matchLabel(key: string, label: string): Record<string, string> | undefined {
  if (!key.includes('{')) return key === label ? {} : undefined;
  const names: string[] = [];
  const pattern = key
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '(.+?)';
    })
    .join('');
  const match = new RegExp(`^${pattern}$`).exec(label);
  return match ? Object.fromEntries(names.map((n, i) => [n, match[i + 1]])) : undefined;
}
