/** The disclosure-control vocabulary every module shares: a rule or check says pass, review or fail. */

/** `pass` may go ahead, `review` needs a custodian's eyes, `fail` may not go ahead; in order of severity. */
export const VERDICTS = ['pass', 'review', 'fail'] as const;

export type Verdict = (typeof VERDICTS)[number];

/**
 * The floors every module's disclosure control starts from: the fewest persons behind a released figure (ACRO's
 * threshold) and the base released counts are rounded to. A project, dataset or dashboard may only raise them.
 */
export const DISCLOSURE_FLOORS = Object.freeze({ minPersonsPerCell: 10, countRoundingBase: 5 });
