import { DnsResolverPort, type DnsLookupResult, type DnsQueryType } from './dns-resolver.port.js';

/**
 * Decorator memoising another DnsResolverPort for the lifetime of the instance: create one per
 * verification run, so every check of the run sees the same DNS (two checks asking for the same
 * name never disagree) and each name/type is asked once. Names are keyed case-insensitively,
 * trailing dot ignored. Concurrent identical lookups share the one in-flight query; every result,
 * `missing` and `error` included (a rejected lookup too), is kept until the instance is dropped.
 */
export class RunScopedDnsCache extends DnsResolverPort {
  private readonly lookups = new Map<string, Promise<DnsLookupResult>>();

  constructor(private readonly inner: DnsResolverPort) {
    super();
  }

  lookup(name: string, type: DnsQueryType): Promise<DnsLookupResult> {
    const key = `${type} ${name.toLowerCase().replace(/\.$/, '')}`;
    let result = this.lookups.get(key);
    if (!result) {
      result = this.inner.lookup(name, type);
      this.lookups.set(key, result);
    }
    return result;
  }
}
