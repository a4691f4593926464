/**
 * Re-identification risk from equivalence class sizes. Without a population table the sample is taken as the
 * population, so journalist risk equals prosecutor risk (an upper bound) and marketer risk is classes / records.
 * With one ({@link riskWithPopulation}: each released class's size in the population the release was drawn from),
 * journalist risk is 1 / the population class size and marketer risk the expected share of released records an
 * attacker matching everyone against the population gets right, Σ f/F over n (El Emam and Dankar, 2008).
 */
import { SdfError } from '../platform/index.ts';

export interface RiskFigures {
  records: number;
  classes: number;
  smallestClass: number;
  /** Highest and average prosecutor risk (1 / class size). */
  prosecutor: { highest: number; average: number };
  /**
   * Journalist risk: 1 / population class size (highest; average over records). Equal to prosecutor risk when no
   * population table is given (an upper bound).
   */
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

/** A released equivalence class: its size in the release and in the population it was drawn from. */
export interface PopulationClass {
  sample: number;
  population: number;
}

/**
 * Risk figures of a release that is a subset of a known population: prosecutor figures from the release's class
 * sizes, journalist and marketer figures from the population's sizes of the same classes. Throws `bad_input` if a
 * class is larger in the release than in the population (the population must contain the release).
 */
export function riskWithPopulation(classes: readonly PopulationClass[], k: number): RiskFigures {
  const sampleRisk = riskFromClassSizes(
    classes.map((c) => c.sample),
    k,
  );
  let matched = 0;
  let smallestPopulation = Infinity;
  for (const { sample, population } of classes) {
    if (sample <= 0) continue;
    if (population < sample)
      throw new SdfError('bad_input', `a class of ${sample} records has only ${population} in the population`);
    matched += sample / population;
    smallestPopulation = Math.min(smallestPopulation, population);
  }
  if (sampleRisk.records === 0) return sampleRisk;
  const average = matched / sampleRisk.records;
  return { ...sampleRisk, journalist: { highest: 1 / smallestPopulation, average }, marketer: average };
}
