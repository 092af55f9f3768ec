/** "2 hours", "24 hours", "30 minutes": how a response target is said to people. */
export function describeWithin(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours <= 72) return hours === 1 ? '1 hour' : `${hours} hours`;
  const days = Math.round(hours / 24);
  return `${days} days`;
}
