/** Minimal RFC 4180 CSV writing for the derivation scripts: quote only when needed. */
export function csvField(value: string | number | boolean): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: Array<string | number | boolean>): string {
  return values.map(csvField).join(',');
}
