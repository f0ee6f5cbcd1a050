/** Durations as Go's time.ParseDuration writes the common cases, plus days: `30d`, `720h`, `1h30m`, `90s`. */
const UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(d|h|m|s))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(d|h|m|s)/g)) total += Number(n) * (UNIT_MS[unit as string] as number);
  return total;
}
