import { describe, it, expect } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { toDdiCodebookXml } from './ddi.ts';
import { makeTestRecord } from './test-record.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['var', 'catgry', 'fileDscr', 'sumStat', 'timePrd', 'keyword', 'notes'].includes(name),
});

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).codeBook;
}

describe('DDI-Codebook 2.5 export', () => {
  it('is well-formed XML in the DDI 2.5 namespace with the study description', () => {
    const book = parse(toDdiCodebookXml(makeTestRecord()));
    expect(book['@_xmlns']).toBe('ddi:codebook:2_5');
    expect(book['@_version']).toBe('2.5');
    const study = book.stdyDscr;
    expect(study.citation.titlStmt.titl).toBe('Social grants register "SOCPEN" extract');
    expect(study.citation.titlStmt.IDNo['#text']).toBe('grants');
    expect(study.stdyInfo.abstract).toBe('Beneficiaries of grants paid by SASSA; amounts < R 5 000 & > R 0.');
    expect(study.stdyInfo.sumDscr.universe).toBe('All grant beneficiaries');
    expect(study.stdyInfo.sumDscr.anlyUnit).toBe('grant');
    expect(study.stdyInfo.sumDscr.nation['@_abbr']).toBe('ZAF');
    expect(study.stdyInfo.sumDscr.timePrd.map((t: Record<string, string>) => [t['@_event'], t['@_date']])).toEqual([
      ['start', '2020-01-01'],
      ['end', '2026-11-22'],
    ]);
    expect(study.studyAuthorization.authorizationStatement).toContain('Social Assistance Act 13 of 2004');
    expect(study.studyAuthorization.authorizationStatement).toContain('s.15');
    expect(study.method.dataColl.sources.dataSrc).toBe('SOCPEN');
    expect(study.dataAccs.useStmt.restrctn).toBe('Approved projects only, inside the enclave.');
    expect(study.dataAccs.useStmt.confDec).toContain('5-anonymous');
    expect(study.citation.biblCit).toBe("SASSA (2026). Social grants. Secure Data Facility's catalogue.");
  });

  it('describes each file of the current release with its SHA-256 and row count', () => {
    const book = parse(toDdiCodebookXml(makeTestRecord()));
    expect(book.fileDscr).toHaveLength(2);
    expect(book.fileDscr[1]['@_ID']).toBe('F2');
    expect(book.fileDscr[1].fileTxt.fileName).toBe('part-1.parquet');
    const notes = book.fileDscr[1].notes as Array<Record<string, string>>;
    expect(notes.find((n) => n['@_type'] === 'SHA-256')?.['#text']).toBe('4'.repeat(64));
    expect(book.fileDscr[1].fileTxt.dimensns.caseQnty).toBe('50');
    expect(book.fileDscr[0].notes[1]['#text']).toContain('run-3');
  });

  it('lists the variables with labels, value labels, frequencies, statistics and anonymisation notes', () => {
    const vars = parse(toDdiCodebookXml(makeTestRecord())).dataDscr.var;
    expect(vars.map((v: Record<string, string>) => v['@_name'])).toEqual(['person_id', 'grant_type', 'amount']);
    const grant = vars[1];
    expect(grant.labl).toBe('Grant type <code>');
    expect(grant['@_files']).toBe('F1 F2');
    expect(
      grant.catgry.map((c: Record<string, unknown>) => [
        c.catValu,
        c.labl,
        (c.catStat as Record<string, string> | undefined)?.['#text'],
      ]),
    ).toEqual([
      ['OAG', 'Old age grant', '30'],
      ['CSG', 'Child support & foster', '60'],
    ]);
    expect(grant.security).toBe('open');
    const amount = vars[2];
    expect(amount['@_intrvl']).toBe('contin');
    const stats = Object.fromEntries(amount.sumStat.map((s: Record<string, string>) => [s['@_type'], s['#text']]));
    expect(stats).toEqual({ vald: '100', invd: '0', mean: '1234.5', stdev: '300', medn: '1100' });
    expect(amount.derivation.drvdesc).toBe('noise ±5%');
    expect(amount.notes[0]).toContain('min, max');
  });

  it('still parses for a dataset never released, with no file descriptions', () => {
    const record = { ...makeTestRecord(), currentVersion: null, versions: [] };
    const book = parse(toDdiCodebookXml(record));
    expect(book.fileDscr).toBeUndefined();
    expect(book.dataDscr.var[0]['@_files']).toBeUndefined();
  });
});
