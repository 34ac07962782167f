import ipaddr from 'ipaddr.js';

/**
 * Addresses cloud platforms serve instance metadata (and credentials) on: AWS, GCP, Azure,
 * OpenStack and DigitalOcean (169.254.169.254), AWS ECS task metadata (169.254.170.2), Alibaba
 * (100.100.100.200), Oracle (192.0.0.192), AWS over IPv6 (fd00:ec2::254). Named as such in refusals.
 */
const METADATA = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192', 'fd00:ec2::254']);

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT (CGNAT) address',
  multicast: 'a multicast address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** An IPv6 form that carries an IPv4 address: what it is called, its prefix, and the IPv4 address in it. */
interface Embedding {
  name: string;
  prefix: string;
  /** null where the IPv4 address's place depends on the operator (a local-use NAT64 prefix) */
  ipv4: ipaddr.IPv4 | null;
}

const ipv4Of = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv6 forms that lead to an IPv4 address (other than IPv4-mapped, which is that address):
 * IPv4-compatible (::/96, deprecated; `[::127.0.0.1]` in a URL becomes `::7f00:1`),
 * IPv4-translated (SIIT), NAT64, 6to4 and Teredo. A host, a gateway or a relay on the way may turn
 * any of them into the IPv4 address, so none is judged by its IPv6 range alone.
 */
function embedding(address: ipaddr.IPv6): Embedding | null {
  const p = address.parts;
  const zero = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  // :: and ::1 lie in ::/96 too, and are what they say
  if (zero(0, 6) && !(p[6] === 0 && p[7]! <= 1)) return { name: 'an IPv4-compatible address', prefix: '::/96, deprecated', ipv4: ipv4Of(p[6]!, p[7]!) };
  if (zero(0, 4) && p[4] === 0xffff && p[5] === 0) return { name: 'an IPv4-translated address', prefix: '::ffff:0:0:0/96', ipv4: ipv4Of(p[6]!, p[7]!) };
  if (p[0] === 0x64 && p[1] === 0xff9b && zero(2, 6)) return { name: 'a NAT64 address', prefix: '64:ff9b::/96', ipv4: ipv4Of(p[6]!, p[7]!) };
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return { name: 'a local-use NAT64 address', prefix: '64:ff9b:1::/48', ipv4: null };
  if (p[0] === 0x2002) return { name: 'a 6to4 address', prefix: '2002::/16', ipv4: ipv4Of(p[1]!, p[2]!) };
  // the client's address is in the last 32 bits, inverted; it is the client's NAT, not a destination to judge
  if (p[0] === 0x2001 && p[1] === 0) return { name: 'a Teredo address', prefix: '2001::/32', ipv4: null };
  return null;
}

/**
 * ipaddr.js reads `::a.b.c.d` as IPv4-mapped (`::ffff:a.b.c.d`); the socket, as RFC 4291 does,
 * as IPv4-compatible (`::a.b.c.d`, the first 96 bits zero). Read it as the socket will connect.
 */
function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const compatible = /^::((?:\d{1,3}\.){3}\d{1,3})$/.exec(address);
  if (compatible && ipaddr.IPv4.isValidFourPartDecimal(compatible[1]!)) {
    const [a, b, c, d] = ipaddr.IPv4.parse(compatible[1]!).octets as [number, number, number, number];
    return new ipaddr.IPv6([0, 0, 0, 0, 0, 0, (a << 8) | b, (c << 8) | d]);
  }
  return ipaddr.parse(address);
}

/** The first of these addresses a webhook may not be sent to, with what kind it is (null: none). */
export function firstForbidden(addresses: readonly string[]): { address: string; kind: string } | null {
  for (const address of addresses) {
    const kind = forbiddenKind(address);
    if (kind) return { address, kind };
  }
  return null;
}

/**
 * What kind of address `address` is when a webhook may not be sent there ("a loopback address"),
 * or null when it may: only public unicast addresses are allowed. An IPv4-mapped IPv6 address is
 * judged as its IPv4 address. The other IPv6 forms that carry an IPv4 address (IPv4-compatible,
 * IPv4-translated, NAT64, 6to4, Teredo) are refused, named by that IPv4 address when it is
 * refused itself ("an IPv4-compatible address of 127.0.0.1, a loopback address"). Every other
 * special-purpose range (documentation, benchmarking…) is refused too, since it may lead back
 * into a private network.
 */
export function forbiddenKind(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else {
      const form = embedding(v6);
      if (form) {
        const inner = form.ipv4 && forbiddenKind(form.ipv4.toString());
        return inner ? `${form.name} of ${form.ipv4!.toString()}, ${inner}` : `${form.name} (${form.prefix})`;
      }
    }
  }
  if (METADATA.has(parsed.toString())) return 'a cloud metadata address';
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
}

/** Why a webhook may not be sent to `address`, as a sentence ("127.0.0.1 is a loopback address"), or null when it may. */
export function addressRefusal(address: string): string | null {
  const kind = forbiddenKind(address);
  return kind === null ? null : `${address} is ${kind}`;
}
