import type { Change } from '@aws-sdk/client-route-53';
import { batchChanges, listedName, ROUTE53_LIMITS, route53TxtValue, toRecordSet } from './route53-changes.js';

describe('route53TxtValue', () => {
  it('quotes each 255-byte string and separates them with a space', () => {
    const dkim = `v=DKIM1; k=rsa; p=${'A'.repeat(392)}`;
    expect(route53TxtValue(dkim)).toBe(`"${dkim.slice(0, 255)}" "${dkim.slice(255)}"`);
    expect(route53TxtValue('v=spf1 include:_spf.email.cmtest.nl -all')).toBe('"v=spf1 include:_spf.email.cmtest.nl -all"');
    expect(route53TxtValue('')).toBe('""');
  });

  it('escapes quotes and backslashes, and bytes outside printable ASCII in octal', () => {
    expect(route53TxtValue('say "hi" \\ o/')).toBe('"say \\"hi\\" \\\\ o/"');
    expect(route53TxtValue('café\ttab')).toBe('"caf\\303\\251\\011tab"');
  });
});

describe('toRecordSet', () => {
  it('writes the name absolute and TXT values quoted, others as they are', () => {
    expect(toRecordSet({ name: 'a.email.cmtest.nl', type: 'TXT', ttl: 300, values: ['one', 'two'] })).toEqual({ Name: 'a.email.cmtest.nl.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"one"' }, { Value: '"two"' }] });
    expect(toRecordSet({ name: 'a.email.cmtest.nl', type: 'MX', ttl: 60, values: ['10 bounces.email.cmtest.nl.'] }).ResourceRecords).toEqual([{ Value: '10 bounces.email.cmtest.nl.' }]);
  });

  it('reads listed names back as ours', () => {
    expect(listedName('A.Email.CMtest.nl.')).toBe('a.email.cmtest.nl');
  });
});

describe('batchChanges', () => {
  const upsert = (i: number, values: string[]): Change => ({ Action: 'UPSERT', ResourceRecordSet: { Name: `n${i}.example.`, Type: 'TXT', TTL: 300, ResourceRecords: values.map((Value) => ({ Value })) } });
  const del = (i: number, values: string[]): Change => ({ ...upsert(i, values), Action: 'DELETE' });

  it('keeps at most 1,000 changes per batch, in order', () => {
    const changes = Array.from({ length: 2500 }, (_, i) => del(i, ['"x"']));
    const batches = batchChanges(changes);
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(batches.flat()).toEqual(changes);
  });

  it('counts an UPSERT twice against 1,000 records and 32,000 characters', () => {
    // 2 records of 4 characters, counted twice: 4 records a change, so 250 a batch
    expect(batchChanges(Array.from({ length: 600 }, (_, i) => upsert(i, ['"ab"', '"cd"']))).map((b) => b.length)).toEqual([250, 250, 100]);
    // DKIM TXT values of ~415 characters, counted twice: 38 a batch (38 × 830 = 31,540)
    const dkim = route53TxtValue(`v=DKIM1; k=rsa; p=${'A'.repeat(392)}`);
    const batches = batchChanges(Array.from({ length: 100 }, (_, i) => upsert(i, [dkim])));
    expect(batches[0]).toHaveLength(Math.floor(ROUTE53_LIMITS.valueCharacters / (2 * dkim.length)));
    for (const batch of batches) expect(batch.reduce((n, c) => n + 2 * c.ResourceRecordSet!.ResourceRecords![0]!.Value!.length, 0)).toBeLessThanOrEqual(32_000);
  });

  it('refuses a single change over the limits', () => {
    expect(() => batchChanges([upsert(1, Array.from({ length: 501 }, () => '"x"'))])).toThrow(/n1\.example\. TXT is over Route 53's limits for one request \(1002 records/);
  });
});
