import ipaddr from 'ipaddr.js';
import { ZonePublishError } from './zone-publish-error.js';

/** The record types a zone change may set. */
export const RRSET_TYPES = ['TXT', 'MX', 'CNAME', 'A', 'AAAA'] as const;
export type RRsetType = (typeof RRSET_TYPES)[number];

/**
 * One RRset as it must be in the zone afterwards: every record of `type` at `name`.
 * - `name`: fully qualified, lower-case, without the trailing dot, inside the zone;
 * - `values`: empty → the RRset is deleted. TXT: the whole text, unsplit (the publisher splits it
 *   into character-strings of at most 255 bytes); MX: `"10 bounces.example.net."`; CNAME: one
 *   target with its final dot; A / AAAA: addresses.
 */
export type RRset = { name: string; type: RRsetType; ttl: number; values: string[] };

/** The largest TTL DNS allows (RFC 2181 §8). */
const MAX_TTL = 2 ** 31 - 1;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const invalid = (what: string) => new ZonePublishError(`Invalid zone change: ${what}`, false, 'INVALID');

/** A DNS name as the publisher takes it: lower-case labels of letters, digits, `-` and `_`, no trailing dot, at most 253 characters. */
function isDnsName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label));
}

/** A target name with its final dot (`host.example.net.`), or the root (`.`, a null MX). */
function isAbsoluteName(name: string): boolean {
  return name === '.' || (name.endsWith('.') && isDnsName(name.slice(0, -1)));
}

function normaliseValue(rrset: RRset, value: string): string {
  const where = `${rrset.name} ${rrset.type}`;
  if (typeof value !== 'string') throw invalid(`${where}: every value must be a string`);
  switch (rrset.type) {
    case 'TXT':
      return value;
    case 'A':
      if (!IPV4.test(value)) throw invalid(`${where}: "${value}" is not an IPv4 address`);
      return value;
    case 'AAAA':
      if (value.includes('%') || !ipaddr.IPv6.isValid(value)) throw invalid(`${where}: "${value}" is not an IPv6 address`);
      return ipaddr.IPv6.parse(value).toString();
    case 'CNAME': {
      const target = value.toLowerCase();
      if (!isAbsoluteName(target) || target === '.') throw invalid(`${where}: "${value}" is not a target name with its final dot (like host.example.net.)`);
      return target;
    }
    case 'MX': {
      const match = /^(\d{1,5}) (\S+)$/.exec(value);
      const host = match?.[2]?.toLowerCase();
      if (!match || Number(match[1]) > 65535 || !host || !isAbsoluteName(host)) {
        throw invalid(`${where}: "${value}" is not "preference host." (like "10 bounces.example.net.")`);
      }
      return `${Number(match[1])} ${host}`;
    }
  }
}

/**
 * Checks a zone change and puts it in the form the adapters take: the zone and every name valid
 * and lower-case, every name inside the zone, TTLs whole seconds, values parsed (MX and CNAME
 * targets lower-cased, IPv6 addresses in their canonical form) and without duplicates. An RRset
 * given twice counts once, the later one winning, so a batch says one thing about each RRset.
 * Throws ZonePublishError (`INVALID`, not retryable) naming the first problem.
 */
export function normaliseZoneChange(zone: string, rrsets: readonly RRset[]): RRset[] {
  if (typeof zone !== 'string' || !isDnsName(zone)) throw invalid(`zone "${String(zone)}" is not a lower-case DNS name without its trailing dot`);
  if (!Array.isArray(rrsets)) throw invalid('the RRsets must be a list');
  const byKey = new Map<string, RRset>();
  for (const rrset of rrsets) {
    const { name, type, ttl, values } = rrset ?? ({} as RRset);
    if (typeof name !== 'string' || !isDnsName(name)) throw invalid(`name "${String(name)}" is not a lower-case DNS name without its trailing dot`);
    if (name !== zone && !name.endsWith(`.${zone}`)) throw invalid(`${name} is not inside zone ${zone}`);
    if (!RRSET_TYPES.includes(type)) throw invalid(`${name}: type "${String(type)}" is not one of ${RRSET_TYPES.join(', ')}`);
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) throw invalid(`${name} ${type}: TTL ${String(ttl)} is not a whole number of seconds from 0 to ${MAX_TTL}`);
    if (!Array.isArray(values)) throw invalid(`${name} ${type}: values must be a list (empty to delete the RRset)`);
    const normalised = [...new Set(values.map((value) => normaliseValue(rrset, value)))];
    if (type === 'CNAME' && normalised.length > 1) throw invalid(`${name} CNAME: a CNAME RRset holds one target, got ${normalised.length}`);
    const key = `${name} ${type}`;
    byKey.delete(key); // the later statement about an RRset takes the earlier one's place in the order too
    byKey.set(key, { name, type, ttl, values: normalised });
  }
  return [...byKey.values()];
}
