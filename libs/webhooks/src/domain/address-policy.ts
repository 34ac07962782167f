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

/**
 * What kind of address `address` is when a webhook may not be sent there ("a loopback address"),
 * or null when it may: only public unicast addresses are allowed. An IPv4-mapped IPv6 address is
 * judged as its IPv4 address; every other special-purpose range (NAT64, 6to4, Teredo,
 * documentation, benchmarking…) is refused too, since it may lead back into a private network.
 */
export function forbiddenKind(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
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
