import { checkRecord } from './check-record.js';
import { withMatchingContext } from './matching-context.js';
import type { ExpectedRecord } from './record-check.js';
import { ACCOUNT_HEX, DOMAIN, InMemoryDnsResolver } from './testing.js';

const ZONE = 'email.cmtest.nl';
const OURS = `_spf.${ZONE}`;
const RETURN_PATH: ExpectedRecord = { purpose: 'returnPath', host: `cm${ACCOUNT_HEX}.${DOMAIN}`, type: 'CNAME', value: `${ACCOUNT_HEX}.${ZONE}.` };
const SPF: ExpectedRecord = { purpose: 'spf', host: DOMAIN, type: 'TXT', value: `v=spf1 include:${OURS} ~all` };
const SES_MAIL_FROM: ExpectedRecord = { purpose: 'returnPath', host: `bounce.${DOMAIN}`, type: 'MX', value: 'feedback-smtp.eu-west-1.amazonses.com.', priority: 10 };
const SES_SPF: ExpectedRecord = { purpose: 'spf', host: `bounce.${DOMAIN}`, type: 'TXT', value: 'v=spf1 include:amazonses.com ~all' };

describe('the return path: its CNAME or MX verdict, and SPF evaluated for the MAIL FROM domain', () => {
  it('built-in: the CNAME decides; details.spf says what our addresses get through it', async () => {
    const dns = new InMemoryDnsResolver().add(RETURN_PATH.host, 'CNAME', `${ACCOUNT_HEX}.${ZONE}`).add(`${ACCOUNT_HEX}.${ZONE}`, 'TXT', `v=spf1 include:${OURS} -all`).add(OURS, 'TXT', 'v=spf1 ip4:192.0.2.0/24 -all');
    const result = await withMatchingContext({ sendingIps: [], provider: 'builtin', records: [RETURN_PATH, SPF] }, () => checkRecord(RETURN_PATH, DOMAIN, dns));
    expect(result).toMatchObject({
      status: 'valid',
      details: {
        mailFrom: RETURN_PATH.host,
        spf: { evaluated: true, addressesFrom: `include:${OURS}`, addresses: [{ address: '192.0.2.0', result: 'pass', mechanism: `include:${OURS}` }], summary: `SPF for the return path ${RETURN_PATH.host} gives "pass" to every address we send from.` },
      },
    });
  });

  it('keeps a wrong CNAME\'s diagnosis, and reports SPF beside it', async () => {
    const dns = new InMemoryDnsResolver().add(RETURN_PATH.host, 'CNAME', 'elsewhere.example.net').add(OURS, 'TXT', 'v=spf1 ip4:192.0.2.0/24 -all');
    const result = await withMatchingContext({ sendingIps: ['192.0.2.7/32'], provider: 'builtin', records: [RETURN_PATH, SPF] }, () => checkRecord(RETURN_PATH, DOMAIN, dns));
    expect(result).toMatchObject({ status: 'mismatch', details: { spf: { addresses: [{ address: '192.0.2.7', result: 'none' }] } } });
    expect(result.diagnosis).toMatch(/points to elsewhere\.example\.net/);
  });

  it('SES custom MAIL FROM: the MX decides; SPF is the TXT at the MAIL FROM domain, with SES\'s addresses', async () => {
    const dns = new InMemoryDnsResolver()
      .add(SES_MAIL_FROM.host, 'MX', '10 feedback-smtp.eu-west-1.amazonses.com')
      .add(SES_MAIL_FROM.host, 'TXT', 'v=spf1 include:amazonses.com ~all')
      .add('amazonses.com', 'TXT', 'v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ~all');
    const result = await withMatchingContext({ sendingIps: [], provider: 'ses', records: [SES_MAIL_FROM, SES_SPF] }, () => checkRecord(SES_MAIL_FROM, DOMAIN, dns));
    expect(result).toMatchObject({ status: 'valid', details: { spf: { addressesFrom: 'include:amazonses.com', addresses: [{ address: '199.255.192.0', result: 'pass' }, { address: '199.127.232.0', result: 'pass' }] } } });
  });

  it('says SPF was not evaluated when nothing tells the addresses', async () => {
    const dns = new InMemoryDnsResolver().add(RETURN_PATH.host, 'CNAME', `${ACCOUNT_HEX}.${ZONE}`);
    const result = await checkRecord(RETURN_PATH, DOMAIN, dns);
    expect(result).toMatchObject({ status: 'valid', details: { spf: { evaluated: false } } });
  });

  it('is an error, as before, when DNS fails for the CNAME', async () => {
    expect((await checkRecord(RETURN_PATH, DOMAIN, new InMemoryDnsResolver().fail(RETURN_PATH.host, 'CNAME'))).status).toBe('error');
  });
});
