/**
 * The {placeholders} in content wording. `fill` puts the values in; a missing one is left visible as written
 * ("{name}") unless the caller says otherwise: DialogPrompts throws, because there a missing value is a bug in the
 * dialog. Only the template is scanned, so a value that itself contains "{…}" is put in as it is.
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
