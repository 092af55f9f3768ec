/** The words of a translated message around its values: each must be in what was said. */
export function fragmentsOf(template: string): string[] {
  return template
    .split(/\{\w+\}/)
    .map((part) => part.trim())
    .filter((part) => part.length > 3);
}
