/**
 * Edit distance counting a swap of two neighbours as one edit ("titel" → "title"), the most
 * common typo. Ids are short, so O(n·m) is fine.
 */
function distance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The closest known name to a misspelt one, or undefined when nothing is close enough to be
 * a plausible typo (at most a third of the word changed).
 */
export function closestMatch(wanted: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(wanted.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(wanted.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ` — did you mean "pricing"?` or a list of what exists, so the hint always helps. */
export function suggestName(wanted: string, known: readonly string[]): string {
  const match = closestMatch(wanted, known);
  if (match) return `did you mean "${match}"?`;
  const shown = known.slice(0, 8).map((k) => `"${k}"`).join(', ');
  return known.length ? `known: ${shown}${known.length > 8 ? ', …' : ''}` : 'none are defined yet';
}
