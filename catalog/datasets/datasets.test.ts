import { describe, it, expect } from 'vitest';
import { studyDescriptionSchema } from '../schemas.ts';
import { STUDY_DESCRIPTIONS } from './index.ts';

describe('study descriptions of the five datasets', () => {
  it.each(Object.entries(STUDY_DESCRIPTIONS))('%s is a valid study description', (_id, study) => {
    expect(studyDescriptionSchema.safeParse(study).success).toBe(true);
  });

  it.each(Object.entries(STUDY_DESCRIPTIONS))('%s names POPIA among its legal bases', (_id, study) => {
    expect(study.legalBasis.some((b) => b.instrument.includes('POPIA'))).toBe(true);
  });

  it('rests health research on the special-information provision', () => {
    expect(STUDY_DESCRIPTIONS.health.legalBasis.map((b) => b.provision)).toContain('s.27(1)(d)');
  });
});
