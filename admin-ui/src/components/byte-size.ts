// Sizes in bytes for people: shown in binary units (5 MiB), and typed as an amount and a unit
// (the file field's maxSize) then stored as whole bytes.

export const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

const FACTOR: Record<SizeUnit, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** `0 B`, `900 B`, `1.5 KiB`, `5 MiB`: one decimal at most, none when it is zero. */
export function formatBytes(bytes: number): string {
  let unit: SizeUnit = 'B';
  for (const candidate of SIZE_UNITS) if (bytes >= FACTOR[candidate]) unit = candidate;
  const amount = bytes / FACTOR[unit];
  const shown = unit === 'B' ? String(Math.round(amount)) : String(Math.round(amount * 10) / 10);
  return `${shown} ${unit}`;
}

/** The largest unit that holds the size exactly, so an editor shows 5 MiB rather than 5242880 B. */
export function splitBytes(bytes: number): { amount: string; unit: SizeUnit } {
  let unit: SizeUnit = 'B';
  for (const candidate of SIZE_UNITS)
    if (bytes >= FACTOR[candidate] && bytes % FACTOR[candidate] === 0) unit = candidate;
  return { amount: String(bytes / FACTOR[unit]), unit };
}

/** Whole bytes from a typed amount (`1.5` MiB); undefined when the amount is not a positive number. */
export function bytesFrom(amount: string, unit: SizeUnit): number | undefined {
  const text = amount.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const bytes = Math.round(Number(text) * FACTOR[unit]);
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
