import type { Answer, DecodedPacket } from 'dns-packet';
import { interpretResponse } from './wire-dns-resolver.adapter.js';

/** A decoded answer as dns-packet gives it. */
function response(flags: { aa?: boolean; ra?: boolean; tc?: boolean }, rcode: string, answers: Answer[] = [], authorities: Answer[] = []): DecodedPacket {
  return { type: 'response', id: 1, flag_aa: !!flags.aa, flag_ra: !!flags.ra, flag_tc: !!flags.tc, rcode, questions: [], answers, authorities } as unknown as DecodedPacket;
}
const cname = (name: string, data: string): Answer => ({ type: 'CNAME', name, data, ttl: 0 });
const txt = (name: string, ...chunks: string[]): Answer => ({ type: 'TXT', name, data: chunks.map((c) => Buffer.from(c)), ttl: 0 });
const ns = (name: string, data: string): Answer => ({ type: 'NS', name, data, ttl: 0 });

describe('interpretResponse', () => {
  it('takes an empty answer or NXDOMAIN as conclusive only from an authoritative server or a recursive resolver', () => {
    expect(interpretResponse('a.example.com', 'TXT', response({ aa: true }, 'NXDOMAIN'))).toEqual({ kind: 'missing', reason: 'NXDOMAIN', chain: [] });
    expect(interpretResponse('a.example.com', 'TXT', response({ ra: true }, 'NOERROR'))).toEqual({ kind: 'missing', reason: 'NODATA', chain: [] });
    expect(interpretResponse('a.example.com', 'TXT', response({}, 'NXDOMAIN'))).toMatchObject({ kind: 'error', code: 'NOT_AUTHORITATIVE' });
    expect(interpretResponse('a.example.com', 'TXT', response({}, 'NOERROR'))).toMatchObject({ kind: 'error', code: 'NOT_AUTHORITATIVE' });
  });

  it('reads a referral from the authority section', () => {
    expect(interpretResponse('s1._domainkey.example.com', 'CNAME', response({}, 'NOERROR', [], [ns('_domainkey.example.com', 'ns1.other.net')]))).toMatchObject({
      kind: 'error',
      code: 'REFERRAL',
      delegation: { zone: '_domainkey.example.com', servers: ['ns1.other.net'] },
    });
  });

  it('follows the chain inside an answer, case-insensitively, and keeps the names as served', () => {
    const answer = response({ ra: true }, 'NOERROR', [cname('A.example.com', 'B.Example.NET'), cname('b.example.net', 'c.example.org '), txt('c.example.org ', 'v=spf1', ' -all')]);
    expect(interpretResponse('a.example.com', 'TXT', answer)).toEqual({ kind: 'answers', values: ['v=spf1 -all'], chain: ['B.Example.NET', 'c.example.org '], chunks: [['v=spf1', ' -all']] });
  });

  it('says "ask again at the alias" when an authoritative answer stops at a CNAME, and trusts a recursive one that does', () => {
    expect(interpretResponse('a.example.com', 'TXT', response({ aa: true }, 'NOERROR', [cname('a.example.com', 'b.example.net')]))).toEqual({ kind: 'alias', chain: ['b.example.net'] });
    expect(interpretResponse('a.example.com', 'TXT', response({ ra: true }, 'NOERROR', [cname('a.example.com', 'b.example.net')]))).toEqual({ kind: 'missing', reason: 'NODATA', chain: ['b.example.net'] });
    expect(interpretResponse('a.example.com', 'TXT', response({ aa: true }, 'NXDOMAIN', [cname('a.example.com', 'b.example.com')]))).toEqual({ kind: 'missing', reason: 'NXDOMAIN', chain: ['b.example.com'] });
  });

  it('synthesises the CNAME of a DNAME the server did not send', () => {
    const dname: Answer = { type: 'DNAME', name: '_domainkey.example.com', data: '_domainkey.sister.net', ttl: 0 } as unknown as Answer;
    expect(interpretResponse('s1._domainkey.example.com', 'CNAME', response({ aa: true }, 'NOERROR', [dname]))).toEqual({ kind: 'answers', values: ['s1._domainkey.sister.net'], chain: [] });
  });

  it.each(['SERVFAIL', 'REFUSED', 'FORMERR', 'NOTIMP'])('reports %s as an error', (rcode) => {
    expect(interpretResponse('a.example.com', 'TXT', response({ aa: true }, rcode))).toMatchObject({ kind: 'error', code: rcode });
  });

  it('reports a truncated answer (over TCP too) as an error', () => {
    expect(interpretResponse('a.example.com', 'TXT', response({ aa: true, tc: true }, 'NOERROR'))).toMatchObject({ kind: 'error', code: 'TRUNCATED' });
  });
});
