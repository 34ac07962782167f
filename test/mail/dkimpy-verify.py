#!/usr/bin/env python3
"""Verifies every DKIM-Signature of the message on stdin with dkimpy (Debian's python3-dkim), an
implementation we did not write, asking for the keys the DNS server given as --dns host:port
(dnspython, a dependency of python3-dkim; no system resolver, no cache).

Prints one JSON object: the versions used, and per signature (topmost first) its tags, whether
dkimpy verified it and what dkimpy logged; the TXT lookups it made, with what DNS answered.
Exit status 0 whether the signatures verify or not (the test judges); 2 on a usage error.
"""
import argparse
import json
import logging
import sys
from importlib.metadata import version

import dkim
import dns.exception
import dns.rdatatype
import dns.resolver


class Collect(logging.Handler):
    """Keeps what dkimpy logs, to say why a signature failed."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dns', required=True, help='host:port of the DNS server that serves the keys')
    args = parser.parse_args()
    host, _, port = args.dns.rpartition(':')
    if not host or not port.isdigit():
        parser.error('--dns must be host:port')

    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = int(port)
    resolver.cache = None
    lookups = []

    def dnsfunc(name, timeout=5):
        """dkimpy's dnsfunc: the TXT record of `name` as bytes (its strings joined), None without one."""
        text = name.decode('ascii') if isinstance(name, bytes) else name
        try:
            answer = resolver.resolve(text, dns.rdatatype.TXT, raise_on_no_answer=False, lifetime=timeout)
            records = [b''.join(r.strings) for r in answer.rrset] if answer.rrset is not None else []
        except dns.resolver.NXDOMAIN:
            records = []
        except (dns.resolver.NoNameservers, dns.exception.Timeout) as e:
            lookups.append({'name': text, 'error': str(e)})
            raise dkim.DnsTimeoutError(str(e))
        lookups.append({'name': text, 'txt': [r.decode('utf-8', 'replace') for r in records]})
        return records[0] if records else None

    message = sys.stdin.buffer.read()
    signatures = []
    count = len([1 for name, _ in dkim.DKIM(message).headers if name.lower() == b'dkim-signature'])
    for index in range(count):
        log = Collect()
        logger = logging.getLogger('dkimpy-%d' % index)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        logger.addHandler(log)
        verifier = dkim.DKIM(message, logger=logger)
        entry = {'index': index}
        try:
            entry['verified'] = bool(verifier.verify(idx=index, dnsfunc=dnsfunc))
        except dkim.DKIMException as e:
            entry['verified'] = False
            entry['error'] = '%s: %s' % (type(e).__name__, e)
        fields = getattr(verifier, 'signature_fields', None) or {}
        entry['tags'] = {k.decode('ascii'): v.decode('ascii', 'replace') for k, v in fields.items()}
        entry['signedHeaders'] = [h.decode('ascii', 'replace') for h in (getattr(verifier, 'include_headers', None) or ())]
        entry['log'] = log.lines
        signatures.append(entry)

    json.dump({
        'dkimpy': version('dkimpy'),
        'dnspython': version('dnspython'),
        'python': sys.version.split()[0],
        'signatures': signatures,
        'lookups': lookups,
    }, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
