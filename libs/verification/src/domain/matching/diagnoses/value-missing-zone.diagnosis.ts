import { displayName, dnsLabels, isAtOrBelow } from '../dns-names.js';
import type { ValueDiagnosis } from '../record-matcher.js';

function startsWith(labels: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((label, i) => labels[i] === label);
}

/**
 * The CNAME target lacks its zone:
 * - incomplete: the found target is the expected one cut short (`903e…cm2._domainkey`);
 * - domain appended: the value was entered without the final dot and the DNS host appended the
 *   customer's domain (`903e…cm2._domainkey.email.cmtest.nl.example.com`);
 * - both (`903e…cm2._domainkey.example.com`).
 */
export const cnameValueMissingZone: ValueDiagnosis = (expected, domain, found) => {
  const host = displayName(expected.host);
  const wanted = dnsLabels(expected.value);
  const zone = dnsLabels(domain);
  for (const target of found) {
    let core = dnsLabels(target);
    const appended =
      !isAtOrBelow(expected.value, domain) &&
      core.length > zone.length &&
      startsWith(core.slice(core.length - zone.length), zone);
    if (appended) core = core.slice(0, core.length - zone.length);
    const equal = core.length === wanted.length && startsWith(wanted, core);
    const cutShort = core.length > 0 && core.length < wanted.length && startsWith(wanted, core);
    const shown = displayName(target);
    if (appended && equal) {
      return `The CNAME at ${host} points to ${shown}: your DNS provider added "${domain}" to the end of the value because it did not end with a dot. Change the value to "${expected.value}", including the final dot.`;
    }
    if (appended && cutShort) {
      return `The CNAME at ${host} points to ${shown}: the value is incomplete, and your DNS provider added "${domain}" to it. Change the value to the full name "${expected.value}", including the final dot.`;
    }
    if (cutShort) {
      const missing = `.${wanted.slice(core.length).join('.')}`;
      return `The CNAME at ${host} points to ${shown}, which is missing the end of the value ("${missing}"). Change the value to the full name "${expected.value}".`;
    }
  }
  return null;
};
