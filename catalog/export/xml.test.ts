import { describe, it, expect } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { el, escapeXml, renderXml, text } from './xml.ts';

describe('xml writer', () => {
  it.each([
    ['plain', 'plain'],
    ['a & b', 'a &amp; b'],
    ['<tag>', '&lt;tag&gt;'],
    [`"quoted" 'single'`, '&quot;quoted&quot; &apos;single&apos;'],
    ['bell\u0007 and nul\u0000 removed', 'bell and nul removed'],
    ['tab\tnewline\n kept', 'tab\tnewline\n kept'],
    ['lone \uD800 surrogate', 'lone  surrogate'],
    ['emoji 😀 kept', 'emoji 😀 kept'],
    ['', ''],
  ])('escapes %j', (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });

  it('renders text and attributes that parse back to the original strings', () => {
    const hostile = `</labl><x a="1">&amp; ' " \u0001`;
    const xml = renderXml(el('root', { note: hostile }, text('labl', hostile), null, false, el('empty', {})));
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false }).parse(xml);
    expect(parsed.root.labl).toBe(`</labl><x a="1">&amp; ' " `);
    expect(parsed.root['@_note']).toBe(`</labl><x a="1">&amp; ' " `);
    expect(parsed.root).toHaveProperty('empty');
  });

  it('leaves out a text element that has no text', () => {
    expect(text('a', '')).toBeNull();
    expect(text('a', undefined)).toBeNull();
    expect(text('a', 0)).toEqual({ name: 'a', attrs: {}, children: '0' });
  });
});
