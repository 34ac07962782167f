import ipaddr from 'ipaddr.js';
import type { DnsResolverPort } from '../../dns-resolver.port.js';
import { parseIp6 } from '../../spf/client-address.js';
import { hasMacro, isSpfRecord, parseSpf } from '../../spf/spf-syntax.js';
import { follow } from '../follow.js';

/** At most this many addresses are evaluated per check (a provider's policy may list dozens of ranges). */
export const MAX_TESTED_ADDRESSES = 16;
/** Records of our include's tree read to find its ranges. */
const MAX_POLICY_RECORDS = 10;

/**
 * The addresses a domain's mail is sent from, one per range, and where that was learnt:
 * - `configured`: PROVIDER_SENDING_IPS;
 * - `include`: the ranges our own include's policy lists (`+ip4:`/`+ip6:`, through its includes
 *   and redirect), for want of the variable;
 * - `unknown`: neither says (the variable unset and our include unreadable or without ranges);
 * - `error`: DNS could not be asked about our include (nothing can be concluded now).
 */
export type SendingAddresses =
  | { kind: 'configured' | 'include'; ranges: string[]; addresses: string[]; source: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'error'; reason: string };

/** The first address of a range (`198.51.100.0/24` → `198.51.100.0`; `192.0.2.7/32` → `192.0.2.7`): one every record that authorises the whole range passes. */
export function firstAddress(range: string): string | null {
  const [text, bits] = range.split('/') as [string, string | undefined];
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
  const address = v4 ?? parseIp6(text);
  if (address === null) return null;
  const width = address.kind() === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? width : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return null;
  const bytes = address.toByteArray().map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & (0xff << (8 - keep)) & 0xff;
  });
  const network = ipaddr.fromByteArray(bytes);
  return network.kind() === 'ipv6' ? (network as ipaddr.IPv6).toRFC5952String() : network.toString();
}

function tested(ranges: readonly string[]): string[] {
  return [...new Set(ranges.map(firstAddress).filter((a): a is string => a !== null))].slice(0, MAX_TESTED_ADDRESSES);
}

/**
 * Where the addresses come from: the configured ones when there are any (`sendingIps`), else
 * the ranges our include's policy lists.
 */
export async function sendingAddresses(sendingIps: readonly string[], include: string, dns: DnsResolverPort): Promise<SendingAddresses> {
  if (sendingIps.length > 0) return { kind: 'configured', ranges: [...sendingIps], addresses: tested(sendingIps), source: 'PROVIDER_SENDING_IPS' };
  const ranges: string[] = [];
  const seen = new Set<string>();
  const queue = [include.toLowerCase().replace(/\.$/, '')];
  let readable = false;
  while (queue.length > 0 && seen.size < MAX_POLICY_RECORDS) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const found = await follow(dns, name, 'TXT');
    if (found.kind === 'error') return { kind: 'error', reason: `DNS could not be asked for the SPF record of ${name} (${found.code})` };
    if (found.kind !== 'answers') continue;
    const spf = found.values.filter(isSpfRecord);
    if (spf.length !== 1) continue;
    const parsed = parseSpf(spf[0]!);
    if (!parsed.ok) continue;
    if (seen.size === 1) readable = true;
    for (const term of parsed.terms) {
      if (term.kind === 'mechanism' && (term.name === 'ip4' || term.name === 'ip6') && term.qualifier === '+') ranges.push(term.value);
      else if (((term.kind === 'mechanism' && term.name === 'include') || (term.kind === 'modifier' && term.name === 'redirect')) && !hasMacro(term.value)) {
        queue.push(term.value.toLowerCase().replace(/\.$/, ''));
      }
    }
  }
  const addresses = tested(ranges);
  if (addresses.length === 0) {
    const why = readable ? 'lists no ip4: or ip6: range' : 'cannot be read (no single valid SPF record there)';
    return { kind: 'unknown', reason: `PROVIDER_SENDING_IPS is not set and the SPF policy of include:${include} ${why}` };
  }
  return { kind: 'include', ranges, addresses, source: `include:${include}` };
}
