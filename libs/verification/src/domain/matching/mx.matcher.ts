import type { DnsResolverPort } from '../dns-resolver.port.js';
import { errorSentence } from './check-sentences.js';
import { displayName, dnsNamesEqual, normalizeDnsName } from './dns-names.js';
import { follow } from './follow.js';
import { matchingContext } from './matching-context.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';
import type { RecordEvaluator } from './record-matcher.js';

interface Mx {
  preference: number;
  exchange: string;
}

function parseMx(value: string): Mx {
  const space = value.indexOf(' ');
  return { preference: Number(value.slice(0, space)), exchange: value.slice(space + 1) };
}

const shown = (mx: Mx) => `${displayName(mx.exchange) || '.'} (priority ${mx.preference})`;

/**
 * MX (receiving): our host at the expected priority, and no host but ours with a better (lower)
 * preference that would take the mail first: with several inbound hosts of ours
 * (PROVIDER_INBOUND_MX), the others are ours too. Named: a null MX, a host that is an alias
 * (CNAME), priorities swapped, a host entered without its final dot (the domain appended).
 */
export const mxMatcher: RecordEvaluator = {
  async evaluate(expected: ExpectedRecord, domain: string, dns: DnsResolverPort): Promise<RecordCheck> {
    const host = displayName(expected.host);
    const priority = expected.priority ?? 10;
    const ours = displayName(expected.value);
    const found = await follow(dns, normalizeDnsName(expected.host), 'MX');
    if (found.kind === 'error') return { status: 'error', found: [], diagnosis: errorSentence(expected, found) };
    if (found.kind !== 'answers' || found.values.length === 0) {
      return { status: 'missing', found: [], diagnosis: `There is no MX record at ${host}. Publish an MX record at ${host} pointing to ${expected.value} with priority ${priority}.` };
    }
    const values = found.values;
    const mxs = values.map(parseMx);
    if (mxs.some((mx) => mx.exchange === '' || mx.exchange === '.')) {
      return { status: 'mismatch', found: values, diagnosis: `${host} has a null MX record ("0 ."), which says the domain accepts no mail at all. Replace it with an MX record pointing to ${expected.value} with priority ${priority}.` };
    }
    const mine = mxs.filter((mx) => dnsNamesEqual(mx.exchange, expected.value));
    const others = mxs.filter((mx) => !dnsNamesEqual(mx.exchange, expected.value));
    const oursToo = matchingContext().records.filter((r) => r.purpose === 'mx' && !dnsNamesEqual(r.value, expected.value));
    const foreign = others.filter((mx) => !oursToo.some((r) => dnsNamesEqual(mx.exchange, r.value)));
    if (mine.some((mx) => mx.preference === priority)) {
      const better = foreign.filter((mx) => mx.preference < priority);
      if (better.length === 0) return { status: 'valid', found: values, diagnosis: null };
      return {
        status: 'mismatch',
        found: values,
        diagnosis: `${better.map(shown).join(', ')} ${better.length === 1 ? 'has' : 'have'} a better (lower) priority than ${ours} (priority ${priority}), so mail for ${domain} goes there first. Remove ${better.length === 1 ? 'it' : 'them'}, or give ${better.length === 1 ? 'it' : 'them'} a higher number than ${priority}.`,
      };
    }
    if (mine.length > 0) {
      const swapped = others.find((mx) => mx.preference === priority);
      return {
        status: 'mismatch',
        found: values,
        diagnosis: `The MX record for ${ours} has priority ${mine[0]!.preference}, expected ${priority}${swapped ? `; ${shown(swapped)} has the priority ours should have: the priorities look swapped` : ''}. Change its priority to ${priority}.`,
      };
    }
    const appended = mxs.find((mx) => dnsNamesEqual(mx.exchange, `${ours}.${domain}`));
    if (appended) {
      return { status: 'mismatch', found: values, diagnosis: `The MX record at ${host} points to ${displayName(appended.exchange)}: your DNS provider added "${domain}" because the value did not end with a dot. Change it to "${expected.value}", including the final dot.` };
    }
    for (const mx of others.slice(0, 4)) {
      const alias = await follow(dns, mx.exchange, 'CNAME', (target) => dnsNamesEqual(target, expected.value));
      if (alias.kind === 'answers' && alias.chain.length > 0) {
        return {
          status: 'mismatch',
          found: values,
          diagnosis: `The MX record at ${host} points to ${displayName(mx.exchange)}, an alias (CNAME) of ${displayName(alias.chain[alias.chain.length - 1]!)}: an MX must point directly at a mail server's name, never at an alias (RFC 2181 §10.3). Point it at ${expected.value}.`,
        };
      }
    }
    return { status: 'mismatch', found: values, diagnosis: `The MX records at ${host} point to ${mxs.map(shown).join(', ')}; expected ${ours} (priority ${priority}).` };
  },
};
