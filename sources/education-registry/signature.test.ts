import { describe, expect, it } from 'vitest';
import { canonicalJson, signDciEnvelope, verifyDciEnvelope } from './signature.ts';

const envelope = {
  header: { message_id: 'm1', action: 'search' },
  message: { transaction_id: 't1', search_request: [] },
};

describe('DCI envelope signatures', () => {
  it('verifies an envelope signed with the same secret, whatever the key order', () => {
    const signed = signDciEnvelope(envelope, 'secret');
    const reordered = {
      message: signed.message,
      signature: signed.signature,
      header: { action: 'search', message_id: 'm1' },
    };
    expect(verifyDciEnvelope(reordered, 'secret')).toBe(true);
  });

  it.each([
    ['another secret', (s: ReturnType<typeof signDciEnvelope<typeof envelope>>) => ({ ...s }), 'other'],
    [
      'a changed message',
      (s: ReturnType<typeof signDciEnvelope<typeof envelope>>) => ({
        ...s,
        message: { ...s.message, transaction_id: 't2' },
      }),
      'secret',
    ],
    [
      'no signature',
      (s: ReturnType<typeof signDciEnvelope<typeof envelope>>) => ({ header: s.header, message: s.message }),
      'secret',
    ],
    [
      'a truncated signature',
      (s: ReturnType<typeof signDciEnvelope<typeof envelope>>) => ({ ...s, signature: s.signature.slice(0, -4) }),
      'secret',
    ],
  ])('rejects %s', (_label, tamper, secret) => {
    expect(verifyDciEnvelope(tamper(signDciEnvelope(envelope, 'secret')), secret)).toBe(false);
  });

  it('writes canonical JSON with sorted keys and no undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }] })).toBe('{"a":[{"c":"x"}],"b":1}');
  });
});
