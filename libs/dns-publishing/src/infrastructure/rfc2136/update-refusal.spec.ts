import { describeRefusal } from './update-refusal.js';

const context = { zone: 'email.cmtest.nl', keyName: 'sds-publisher', algorithm: 'hmac-sha256' };

describe('describeRefusal', () => {
  it.each([
    [9, 16, 'BADSIG', false, /does not accept our signature: the secret of key sds-publisher differs from the server's \(NOTAUTH, TSIG error BADSIG\)/],
    [9, 17, 'BADKEY', false, /does not know key sds-publisher with algorithm hmac-sha256.*\(NOTAUTH, TSIG error BADKEY\)/],
    [9, 18, 'BADTIME', false, /refused the time of our signature.*with NTP \(NOTAUTH, TSIG error BADTIME\)/],
    [9, 0, 'NOTAUTH', false, /not authoritative for zone email\.cmtest\.nl \(or not its primary\) \(NOTAUTH\)/],
    [5, 0, 'REFUSED', false, /update-policy \(or allow-update\) does not let key sds-publisher change these names and types, or a record fails its checks \(BIND: an MX whose target inside the zone has no A or AAAA record; its log names the record\) \(REFUSED\)/],
    [10, 0, 'NOTZONE', false, /outside zone email\.cmtest\.nl as the server holds it \(NOTZONE\)/],
    [2, 0, 'SERVFAIL', true, /failed to apply the update.*\(SERVFAIL\)/],
    [1, 0, 'FORMERR', false, /could not read the UPDATE message \(FORMERR\)/],
    [4, 0, 'NOTIMP', false, /does not take dynamic updates \(NOTIMP\)/],
    [8, 0, 'NXRRSET', false, /prerequisite failure to an update that has no prerequisites \(NXRRSET\)/],
    [15, 0, 'rcode 15', false, /refused the update \(rcode 15\)/],
    [9, 99, 'TSIG error 99', false, /refused our signature \(NOTAUTH, TSIG error TSIG error 99\)/],
  ])('rcode %i with TSIG error %i is %s (retryable: %s)', (rcode, tsigError, reason, retryable, sentence) => {
    const refusal = describeRefusal(rcode, tsigError, context);
    expect(refusal).toMatchObject({ reason, retryable });
    expect(refusal.sentence).toMatch(sentence);
  });

  it('names both clocks on BADTIME when the server says its time', () => {
    const refusal = describeRefusal(9, 18, { ...context, clocks: { server: 1_750_000_000, ours: 1_750_000_900 } });
    expect(refusal.sentence).toContain('its clock says 2025-06-15T15:06:40.000Z, ours 2025-06-15T15:21:40.000Z (900 s apart), more than the 300 s allowed');
  });
});
