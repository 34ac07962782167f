/**
 * Examples of the SPF evaluation route: the answers the service gives for the DNS data written
 * beside each (test/spf-evaluation.e2e-spec.ts publishes it and compares, word for word). A
 * support case: mail from 192.0.2.7, one of the platform's addresses, fails for example.com.
 */
import { problem } from './native.examples.js';

const ex = <T>(summary: string, value: T) => ({ summary, value });

export const SPF_EVALUATIONS = '/api/v1/spf/evaluations';
const OURS = '_spf.email.cmtest.nl';
const CUSTOMER = `v=spf1 -ip4:192.0.2.0/28 include:${OURS} ~all exp=why._spf.example.com`;
const FIXED = `v=spf1 include:${OURS} ~all`;
const INCLUDE = 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8:7::/48 -all';
const WHY = "%{i} is not one of %{d}'s mail servers.";

/** The DNS data the examples were evaluated against: name → TXT records. */
export const SPF_EXAMPLE_ZONE: Record<string, Record<string, string[]>> = {
  'example.com': { TXT: [CUSTOMER] },
  'why._spf.example.com': { TXT: [WHY] },
  'shop.example.com': { TXT: [FIXED] },
  [OURS]: { TXT: [INCLUDE] },
  'news.example.com': { TXT: [`v=spf1 include:${OURS} include:_spf.news.example.com ~all`, 'v=spf1 include:amazonses.com ~all'] },
};

export const SPF_EXAMPLES = {
  request: {
    mailFrom: ex('Mail from 192.0.2.7 with MAIL FROM billing@example.com', { ip: '192.0.2.7', sender: 'billing@example.com', helo: 'mta1.email.cmtest.nl' }),
    included: ex('The same address for a domain whose record includes ours', { ip: '192.0.2.7', sender: 'orders@shop.example.com' }),
    helo: ex('The HELO identity (no MAIL FROM: postmaster@<helo>)', { ip: '192.0.2.7', helo: 'news.example.com' }),
  },
  evaluated: {
    fail: ex('fail: a term before our include excludes the address (with the domain\'s explanation)', {
      result: 'fail',
      domain: 'example.com',
      mechanism: '-ip4:192.0.2.0/28',
      decidedIn: 'example.com',
      explanation: "192.0.2.7 is not one of example.com's mail servers.",
      reason: null,
      lookups: 0,
      voidLookups: 0,
      trace: [
        { domain: 'example.com', record: CUSTOMER, term: '-ip4:192.0.2.0/28', outcome: 'matched: fail' },
        { domain: 'example.com', record: CUSTOMER, term: 'exp=why._spf.example.com', outcome: "explanation: 192.0.2.7 is not one of example.com's mail servers." },
      ],
    }),
    pass: ex('pass: through our include', {
      result: 'pass',
      domain: 'shop.example.com',
      mechanism: `include:${OURS}`,
      decidedIn: 'shop.example.com',
      explanation: null,
      reason: null,
      lookups: 1,
      voidLookups: 0,
      trace: [
        { domain: 'shop.example.com', record: FIXED, term: `include:${OURS}`, outcome: `matched: pass (${OURS} gives pass)` },
        { domain: OURS, record: INCLUDE, term: 'ip4:192.0.2.0/24', outcome: 'matched: pass' },
      ],
    }),
    permerror: ex('permerror: two SPF records', {
      result: 'permerror',
      domain: 'news.example.com',
      mechanism: null,
      decidedIn: null,
      explanation: null,
      reason: 'news.example.com has 2 SPF records; with more than one, every check fails (RFC 7208 §4.5)',
      lookups: 0,
      voidLookups: 0,
      trace: [{ domain: 'news.example.com', record: null, term: null, outcome: 'permerror: news.example.com has 2 SPF records; with more than one, every check fails (RFC 7208 §4.5)' }],
    }),
  },
  problems: {
    400: {
      ip: ex('No ip, or not an address', problem(400, 'VALIDATION_FAILED', 'ip must be an IPv4 address (192.0.2.7) or an IPv6 address (2001:db8::7)', SPF_EVALUATIONS, {
        field: 'ip',
        errors: [{ field: 'ip', message: 'ip must be an IPv4 address (192.0.2.7) or an IPv6 address (2001:db8::7)' }],
      })),
    },
    409: {
      reused: ex('The Idempotency-Key was used for another request', problem(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request; use a new key for a new request', SPF_EVALUATIONS)),
    },
  },
};
