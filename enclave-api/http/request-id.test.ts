import { describe, expect, it } from 'vitest';
import { acceptedRequestId } from './request-id.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it.each([
    { header: 'abc-123', kept: true },
    { header: 'proxy.host:42_x', kept: true },
    { header: 'a'.repeat(128), kept: true },
    { header: 'a'.repeat(129), kept: false },
    { header: '', kept: false },
    { header: undefined, kept: false },
    { header: 'line\nbreak', kept: false },
    { header: 'has space', kept: false },
    { header: '{"json":1}', kept: false },
  ])('keeps the header $header: $kept', ({ header, kept }) => {
    const id = acceptedRequestId(header);
    if (kept) expect(id).toBe(header);
    else expect(id).toMatch(UUID);
  });
});
