/** The disclosure-control vocabulary every module shares: a rule or check says pass, review or fail. */

/** `pass` may go ahead, `review` needs a custodian's eyes, `fail` may not go ahead; in order of severity. */
export const VERDICTS = ['pass', 'review', 'fail'] as const;

export type Verdict = (typeof VERDICTS)[number];
