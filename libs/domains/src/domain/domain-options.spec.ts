import { DEFAULT_SETTINGS, parseLabel, parseMetadata, parseRegion, parseSettings, parseSubdomain, parseText } from './domain-options.js';

const refused = (fn: () => unknown, field: string, message: RegExp) => {
  expect(fn).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ field }) }));
  expect(fn).toThrow(message);
};

describe('domain options', () => {
  it('takes DNS labels and subdomains, lower-cased', () => {
    expect(parseLabel('trackingPrefix', ' Email ')).toBe('email');
    expect(parseSubdomain('mailFromSubdomain', 'Mail.Bounce.')).toBe('mail.bounce');
    refused(() => parseLabel('trackingPrefix', 'a.b'), 'trackingPrefix', /must be a DNS label/);
    refused(() => parseLabel('trackingPrefix', '-x'), 'trackingPrefix', /must be a DNS label/);
    refused(() => parseSubdomain('mailFromSubdomain', 'a..b'), 'mailFromSubdomain', /subdomain name/);
  });

  it('trims text, empties to null, refuses what is too long', () => {
    expect(parseText('description', '  shop mail ', 500)).toBe('shop mail');
    expect(parseText('description', '   ', 500)).toBeNull();
    expect(parseText('description', undefined, 500)).toBeNull();
    refused(() => parseText('description', 'x'.repeat(501), 500), 'description', /at most 500 characters/);
  });

  it('takes metadata as a flat map of strings within the limits', () => {
    expect(parseMetadata({ plan: 'enterprise' })).toEqual({ plan: 'enterprise' });
    expect(parseMetadata(undefined)).toEqual({});
    refused(() => parseMetadata({ nested: { a: 1 } }), 'metadata.nested', /must be a string/);
    refused(() => parseMetadata(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))), 'metadata', /at most 50 keys/);
    refused(() => parseMetadata({ big: 'x'.repeat(9000) }), 'metadata', /at most 8 kB/);
    refused(() => parseMetadata(['a']), 'metadata', /must be an object/);
  });

  it('merges settings over a base and refuses unknown values', () => {
    expect(parseSettings({ requireTls: true })).toEqual({ ...DEFAULT_SETTINGS, requireTls: true });
    expect(parseSettings({ spamAction: 'tag' }, { requireTls: true, spamAction: 'block', webScheme: 'http' })).toEqual({ requireTls: true, spamAction: 'tag', webScheme: 'http' });
    refused(() => parseSettings({ spamAction: 'delete' }), 'settings.spamAction', /disabled, tag, block/);
    refused(() => parseSettings({ webScheme: 'ftp' }), 'settings.webScheme', /http, https/);
  });

  it('takes a region name', () => {
    expect(parseRegion('eu-west-1')).toBe('eu-west-1');
    refused(() => parseRegion('europe'), 'region', /like "us-east-1"/);
  });
});
