/**
 * The OpenSPF RFC 7208 test suite (test/fixtures/rfc7208/rfc7208-tests.yml, release 2014.04 with
 * the 2019.08 additions, BSD licence beside it), read as its own drivers read it (pyspf's
 * testspf.py): each section's zone data published on the test DNS server, each test a
 * check_host() with its expected result(s) and, where given, explanation.
 *
 * Zone data as the drivers serve it: `SPF` entries are type 99 records and, when the name has
 * no `TXT` entry at all, also TXT records (the suite's "auto-magic duplication of SPF to TXT");
 * `TXT: NONE` publishes nothing but stops that duplication; a bare `TIMEOUT` entry makes every
 * question for the name time out, except for the types listed before it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import type { TestDnsServer, TestRecordType } from './dns-server.js';

export const SUITE_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/rfc7208/rfc7208-tests.yml');

export interface SuiteTest {
  section: string;
  name: string;
  spec: string;
  description: string;
  host: string;
  mailfrom: string;
  helo: string;
  /** the result, or the results any of which conforms (the first preferred) */
  results: string[];
  /** the expected explanation; "DEFAULT" is the driver's default one, i.e. none from the domain */
  explanation: string | null;
}

export interface SuiteSection {
  description: string;
  zone: Record<string, unknown[]>;
  tests: SuiteTest[];
}

export function loadSuite(file = SUITE_FILE): SuiteSection[] {
  const documents = loadAll(readFileSync(file, 'utf8')) as { description: string; tests: Record<string, Record<string, unknown>>; zonedata: Record<string, unknown[]> }[];
  return documents.map((doc) => ({
    description: doc.description,
    zone: doc.zonedata ?? {},
    tests: Object.entries(doc.tests).map(([name, t]) => ({
      section: doc.description,
      name,
      spec: String(t.spec ?? ''),
      description: String(t.description ?? '').trim(),
      host: String(t.host),
      mailfrom: String(t.mailfrom ?? ''),
      helo: String(t.helo ?? ''),
      results: Array.isArray(t.result) ? t.result.map(String) : [String(t.result)],
      explanation: t.explanation === undefined ? null : String(t.explanation),
    })),
  }));
}

const TYPES = new Set<TestRecordType>(['A', 'AAAA', 'CNAME', 'MX', 'PTR', 'SPF', 'TXT']);

/** Publishes a section's zone data on the server (cleared first). */
export function publishZone(dns: TestDnsServer, zone: Record<string, unknown[]>): void {
  dns.clear();
  for (const [name, entries] of Object.entries(zone)) {
    const hasTxt = entries.some((e) => typeof e === 'object' && e !== null && 'TXT' in e);
    const answered: TestRecordType[] = [];
    for (const entry of entries) {
      if (entry === 'TIMEOUT') {
        dns.timeout(name, answered);
        break;
      }
      const [[type, value]] = Object.entries(entry as Record<string, unknown>) as [[string, unknown]];
      if (!TYPES.has(type as TestRecordType)) throw new Error(`${name}: record type ${type} is not served`);
      if (value === 'NONE') continue;
      answered.push(type as TestRecordType);
      switch (type) {
        case 'MX': {
          const [preference, exchange] = value as [number, string];
          dns.add(name, 'MX', { preference, exchange });
          break;
        }
        case 'SPF':
        case 'TXT': {
          const text = Array.isArray(value) ? value.map(String) : String(value);
          dns.add(name, type, text);
          if (type === 'SPF' && !hasTxt) dns.add(name, 'TXT', text);
          break;
        }
        default:
          dns.add(name, type as 'A' | 'AAAA' | 'CNAME' | 'PTR', String(value));
      }
    }
  }
}
