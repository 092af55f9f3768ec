import { z } from 'zod';

/**
 * The {placeholders} in content wording: `textWith` validates a text's placeholders at start-up, `fill` puts the
 * values in. A missing value is left visible as written ("{name}") unless the caller says otherwise: DialogPrompts
 * throws, because there a missing value is a bug in the dialog. Only the template is scanned, so a value that itself
 * contains "{…}" is put in as it is.
 */
export function fill(
  template: string,
  values: Record<string, string | number>,
  onMissing: (name: string) => string = (name) => `{${name}}`,
): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined ? onMissing(name) : String(value);
  });
}

/**
 * A content text that uses each of `names` and no other placeholder: dropping one would send or say it without that
 * value, and an unknown one would be sent as written ("{name}"), or put a detail in the text the code was never meant
 * to give.
 */
export function textWith(...names: string[]) {
  let text = z.string().min(1);
  for (const name of names) text = text.includes(`{${name}}`, { error: `must include {${name}}` });
  return text.refine((s) => [...s.matchAll(/\{(\w+)\}/g)].every(([, name]) => names.includes(name)), {
    error: `may use only ${names.map((n) => `{${n}}`).join(', ')}`,
  });
}
