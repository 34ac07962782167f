import { type CheckedRecord, type ProviderView, summarizeChecks } from './check-summary.js';

const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const record = (over: Partial<CheckedRecord>): CheckedRecord => ({
  purpose: 'dkim',
  required: true,
  status: 'unchecked',
  isValid: false,
  diagnosis: null,
  details: null,
  checkAttempts: 0,
  verifiedAt: null,
  createdAt: t(0),
  ...over,
});

describe('summarizeChecks', () => {
  it('per kind present: verified when every record is valid, with attempts, when requested and completed', () => {
    const summary = summarizeChecks(
      [
        record({ status: 'valid', isValid: true, checkAttempts: 3, verifiedAt: t(5) }),
        record({ status: 'valid', isValid: true, checkAttempts: 3, verifiedAt: t(7) }),
        record({ purpose: 'spf', required: false, status: 'valid', isValid: true, checkAttempts: 1, verifiedAt: t(2), details: { lookups: 2 } }),
      ],
      false,
    );
    expect(summary).toEqual({
      dkim: { status: 'verified', attempts: 3, requestedAt: t(0), completedAt: t(7), error: null, details: {} },
      spf: { status: 'verified', attempts: 1, requestedAt: t(0), completedAt: t(2), error: null, details: { lookups: 2 } },
    });
  });

  it('waits for the user while a record is not valid, naming what is wrong; a required kind of a failed domain has failed', () => {
    const records = [record({ status: 'valid', isValid: true }), record({ status: 'missing', diagnosis: 'No CNAME record found at x.' }), record({ purpose: 'dmarc', required: false, status: 'missing', diagnosis: 'No DMARC' })];
    expect(summarizeChecks(records, false).dkim).toMatchObject({ status: 'waiting_for_user', error: 'No CNAME record found at x.', completedAt: null });
    expect(summarizeChecks(records, true)).toMatchObject({ dkim: { status: 'failed' }, dmarc: { status: 'waiting_for_user' } });
  });

  it('keeps the last conclusive state through a DNS error', () => {
    expect(summarizeChecks([record({ status: 'error', isValid: true, diagnosis: 'DNS could not be queried', verifiedAt: t(3) })], false).dkim).toMatchObject({ status: 'verified', error: null });
  });
});

describe('summarizeChecks with the mail provider', () => {
  const valid = record({ status: 'valid', isValid: true, checkAttempts: 2, verifiedAt: t(5) });
  const view = (over: Partial<ProviderView>): ProviderView => ({ provisioned: true, error: null, dkim: { kind: 'verified' }, mailFrom: null, requestedAt: t(0), ...over });

  it('waits for the provider while it has not set the domain up, with its reason', () => {
    expect(summarizeChecks([], false, view({ provisioned: false, error: 'SES could not be reached' })).dkim).toEqual({
      status: 'waiting_for_provider',
      attempts: 0,
      requestedAt: t(0),
      completedAt: null,
      error: 'SES could not be reached',
      details: {},
    });
  });

  it('waits for the provider when DNS is right but it has not confirmed, and says when it failed', () => {
    expect(summarizeChecks([valid], false, view({ dkim: { kind: 'pending' } })).dkim).toMatchObject({ status: 'waiting_for_provider', completedAt: null });
    expect(summarizeChecks([valid], false, view({ dkim: { kind: 'failed', errorType: 'HOST_NOT_FOUND' } })).dkim).toMatchObject({
      status: 'provider_failed',
      error: 'The mail provider failed to verify it (HOST_NOT_FOUND).',
    });
    expect(summarizeChecks([valid], false, view({})).dkim).toMatchObject({ status: 'verified' });
    expect(summarizeChecks([valid], false, view({ dkim: { kind: 'error' } })).dkim).toMatchObject({ status: 'verified' });
  });

  it('gives the custom MAIL FROM the provider\'s word on it', () => {
    const mailFrom = record({ purpose: 'returnPath', status: 'valid', isValid: true, verifiedAt: t(1) });
    expect(summarizeChecks([valid, mailFrom], false, view({ mailFrom: { kind: 'pending' } })).returnPath).toMatchObject({ status: 'waiting_for_provider' });
  });
});
