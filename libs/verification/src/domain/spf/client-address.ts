import ipaddr from 'ipaddr.js';

/**
 * The address a message came from (the `<ip>` of check_host()), in the forms RFC 7208 uses.
 * An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is an IPv4 address (§5, 5.3 "ip4-mapped").
 */
export interface ClientAddress {
  readonly family: 4 | 6;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  /** `%{c}`: dotted quad, or the compressed IPv6 form of RFC 5952 */
  readonly readable: string;
  /** `%{i}`: dotted quad, or 32 dot-separated nibbles (upper case, as the OpenSPF test suite writes them; DNS is case-insensitive) */
  readonly dotted: string;
  /** `%{v}`: `in-addr` or `ip6` */
  readonly version: 'in-addr' | 'ip6';
  /** the name its PTR records live at (`4.3.2.1.in-addr.arpa`) */
  readonly reverseName: string;
}

/**
 * An IPv6 address, with an IPv4 tail read as the two groups it stands for: ipaddr.js reads
 * `::1.2.3.4` (IPv4-compatible) as `::ffff:1.2.3.4` (IPv4-mapped), another address.
 */
export function parseIp6(text: string): ipaddr.IPv6 | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  const tail = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  let groups = text;
  if (tail) {
    const quad = tail.slice(2, 6).map(Number);
    if (!ipaddr.IPv4.isValidFourPartDecimal(tail.slice(2, 6).join('.'))) return null;
    groups = `${tail[1]}${((quad[0]! << 8) | quad[1]!).toString(16)}:${((quad[2]! << 8) | quad[3]!).toString(16)}`;
  }
  return ipaddr.IPv6.isValid(groups) ? ipaddr.IPv6.parse(groups) : null;
}

/** The address, or null when the text is not an IPv4 address (dotted quad) or an IPv6 address without a zone. */
export function parseClientAddress(text: string): ClientAddress | null {
  const trimmed = text.trim();
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) parsed = ipaddr.IPv4.parse(trimmed);
  else {
    const v6 = parseIp6(trimmed);
    if (v6 === null) return null;
    parsed = v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  if (parsed.kind() === 'ipv4') {
    const readable = parsed.toString();
    return { family: 4, address: parsed, readable, dotted: readable, version: 'in-addr', reverseName: `${readable.split('.').reverse().join('.')}.in-addr.arpa` };
  }
  const v6 = parsed as ipaddr.IPv6;
  const nibbles = v6
    .toByteArray()
    .flatMap((byte) => [byte >> 4, byte & 0xf])
    .map((n) => n.toString(16).toUpperCase());
  return {
    family: 6,
    address: v6,
    readable: v6.toRFC5952String(),
    dotted: nibbles.join('.'),
    version: 'ip6',
    reverseName: `${[...nibbles].reverse().join('.')}.ip6.arpa`,
  };
}

/**
 * True when `candidate` (an address as DNS or a record gives it) lies within `prefix` bits of the
 * client's address. Families are never mixed: an IPv4 client matches IPv4 addresses only (§5).
 */
export function sameNetwork(client: ClientAddress, candidate: string, prefix: number): boolean {
  const other = ipaddr.IPv4.isValidFourPartDecimal(candidate) ? ipaddr.IPv4.parse(candidate) : parseIp6(candidate);
  if (other === null || other.kind() !== client.address.kind()) return false;
  return client.address.match(other, prefix);
}
