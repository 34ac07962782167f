import { AccountScope, DomainError } from '#shared-kernel';
import { parseAccountIds, parseEventTypes, WebhookEndpoint } from './webhook-endpoint.js';

const A = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
const B = '5c0ffee0-1234-4abc-8def-0123456789ab';
const KNOWN = ['domain.created', 'domain.verified'];
const t0 = new Date('2025-03-14T09:00:00Z');
const sealed = (n: string) => ({ kekId: 'k', sealed: n });
const endpoint = (accountIds: string[]) => WebhookEndpoint.create({ id: 'e', url: 'https://hooks.example.com/', description: null, events: ['*'], accountIds, secret: sealed('s1'), createdBy: null, now: t0 });

describe('webhook endpoints', () => {
  it('event types: ["*"] alone, or known types each once', () => {
    expect(parseEventTypes(['*'], KNOWN)).toEqual(['*']);
    expect(parseEventTypes(['domain.verified', 'domain.verified'], KNOWN)).toEqual(['domain.verified']);
    expect(() => parseEventTypes(['*', 'domain.created'], KNOWN)).toThrow('events must be ["*"] alone, or a list of event types');
    expect(() => parseEventTypes(['domain.gone'], KNOWN)).toThrow('events: unknown event type "domain.gone"; known: domain.created, domain.verified');
    expect(() => parseEventTypes([], KNOWN)).toThrow(DomainError);
  });

  it('accounts: only those the key has; every account only for a key on every account', () => {
    expect(parseAccountIds([A.toUpperCase()], AccountScope.of([A]))).toEqual([A]);
    expect(parseAccountIds(['*'], AccountScope.allAccounts())).toEqual(['*']);
    expect(() => parseAccountIds(['*'], AccountScope.of([A]))).toThrow(expect.objectContaining({ code: 'PERMISSION_DENIED' }));
    expect(() => parseAccountIds([A, B], AccountScope.of([A]))).toThrow(expect.objectContaining({ code: 'PERMISSION_DENIED' }));
    expect(() => parseAccountIds(['nope'], AccountScope.of([A]))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ field: 'accountIds' }) }));
  });

  it('a rotation keeps the old secret signing until the overlap ends', () => {
    const e = endpoint([A]);
    e.rotate(sealed('s2'), t0, 3_600_000);
    expect(e.snapshot()).toMatchObject({ secret: sealed('s2'), previousSecret: sealed('s1'), previousSecretUntil: new Date(t0.getTime() + 3_600_000), secretRotatedAt: t0 });
  });

  it('disabled says why; enabled again starts afresh', () => {
    const e = endpoint([A]);
    e.disable('answered 410 Gone', t0);
    expect(e.snapshot()).toMatchObject({ enabled: false, disabledReason: 'answered 410 Gone', disabledAt: t0 });
    e.update({ enabled: true }, t0);
    expect(e.snapshot()).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
    e.update({ enabled: false }, t0);
    expect(e.snapshot()).toMatchObject({ enabled: false, disabledReason: 'disabled by request' });
  });
});
