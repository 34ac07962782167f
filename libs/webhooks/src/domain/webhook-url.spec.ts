import { readWebhookUrl } from './webhook-url.js';

const strict = { allowHttp: false, allowPrivateNetworks: false };
const refusal = (raw: string, policy = strict) => {
  const read = readWebhookUrl(raw, policy);
  return 'refused' in read ? read.refused : null;
};

describe('readWebhookUrl', () => {
  it('takes an https URL with a host name, path and query, and drops a fragment', () => {
    const read = readWebhookUrl('https://Hooks.Example.com:8443/sds/events?tenant=7#top', strict);
    expect('target' in read && read.target).toMatchObject({ host: 'hooks.example.com', literal: false });
    expect('target' in read && read.target.url.toString()).toBe('https://hooks.example.com:8443/sds/events?tenant=7');
  });

  it('refuses http:// unless allowed', () => {
    expect(refusal('http://hooks.example.com/')).toBe('url must be an https:// URL (http:// is refused unless WEBHOOK_ALLOW_HTTP=true)');
    expect(refusal('http://hooks.example.com/', { ...strict, allowHttp: true })).toBeNull();
    expect(refusal('ftp://hooks.example.com/', { ...strict, allowHttp: true })).toBe('url must be an https:// or http:// URL');
  });

  it('refuses what is not a URL, and credentials', () => {
    expect(refusal('hooks.example.com/x')).toBe('url must be an absolute URL, like https://hooks.example.com/sending-domains');
    expect(refusal('https://user:secret@hooks.example.com/')).toBe('url must not contain credentials (user:password@): authenticate deliveries by their signature');
    expect(refusal(`https://example.com/${'a'.repeat(2000)}`)).toBe('url must be at most 2000 characters');
  });

  it.each([
    ['https://127.0.0.1/', "url's host 127.0.0.1 is a loopback address"],
    ['https://[::1]:8443/', "url's host ::1 is a loopback address"],
    ['https://10.1.2.3/', "url's host 10.1.2.3 is a private address"],
    ['https://169.254.169.254/latest/meta-data/', "url's host 169.254.169.254 is a cloud metadata address"],
    ['https://2130706433/', "url's host 127.0.0.1 is a loopback address"],
    ['https://0x7f.1/', "url's host 127.0.0.1 is a loopback address"],
    ['https://[::ffff:10.0.0.1]/', "url's host ::ffff:a00:1 is a private address"],
    ['https://localhost:3000/', "url's host localhost is this machine (a localhost name)"],
    ['https://api.localhost/', "url's host api.localhost is this machine (a localhost name)"],
  ])('refuses %s', (raw, why) => {
    expect(refusal(raw)).toBe(why);
  });

  it('allows private addresses and localhost with WEBHOOK_ALLOW_PRIVATE_NETWORKS', () => {
    const open = { allowHttp: true, allowPrivateNetworks: true };
    expect(refusal('http://127.0.0.1:8080/hook', open)).toBeNull();
    expect(refusal('http://localhost:8080/hook', open)).toBeNull();
    const read = readWebhookUrl('http://[::1]:8080/hook', open);
    expect('target' in read && read.target).toMatchObject({ host: '::1', literal: true });
  });
});
