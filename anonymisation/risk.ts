/**
 * Re-identification risk from equivalence class sizes. Without a population table the sample is taken as the
 * population, so journalist risk equals prosecutor risk (an upper bound) and marketer risk is classes / records.
 */
export interface RiskFigures {
  records: number;
  classes: number;
  smallestClass: number;
  /** Highest and average prosecutor risk (1 / class size). */
  prosecutor: { highest: number; average: number };
  /** Journalist risk: equal to prosecutor risk here (no population table; upper bound). */
  journalist: { highest: number; average: number };
  /** Expected share of records re-identified by an attacker matching everyone. */
  marketer: number;
  /** Records that are alone in their class. */
  sampleUniques: number;
  sampleUniquesShare: number;
  /** Share of records in classes smaller than k. */
  recordsInClassesSmallerThanK: number;
}

/** Risk figures for class sizes (zero-size entries are ignored). */
export function riskFromClassSizes(sizes: ArrayLike<number>, k: number): RiskFigures {
  let records = 0;
  let classes = 0;
  let smallest = Infinity;
  let uniques = 0;
  let small = 0;
  for (let c = 0; c < sizes.length; c += 1) {
    const size = sizes[c]!;
    if (size <= 0) continue;
    records += size;
    classes += 1;
    smallest = Math.min(smallest, size);
    if (size === 1) uniques += 1;
    if (size < k) small += size;
  }
  const highest = records === 0 ? 0 : 1 / smallest;
  const average = records === 0 ? 0 : classes / records;
  return {
    records,
    classes,
    smallestClass: records === 0 ? 0 : smallest,
    prosecutor: { highest, average },
    journalist: { highest, average },
    marketer: average,
    sampleUniques: uniques,
    sampleUniquesShare: records === 0 ? 0 : uniques / records,
    recordsInClassesSmallerThanK: records === 0 ? 0 : small / records,
  };
}
