import { randomBytes } from 'node:crypto';
import type { RRset } from '#dns-publishing';

/** A DKIM TXT value as a 2048-bit RSA key makes it: `v=DKIM1; k=rsa; p=` and 392 base64 characters (410 in all). */
export function dkimValue(): string {
  return `v=DKIM1; k=rsa; p=${randomBytes(294).toString('base64')}`;
}

/** An account id as the provider zone's names use it: 32 hex digits. */
export const accountLabel = (i: number) => i.toString(16).padStart(32, '0');

/**
 * The five RRsets of one account in a provider zone: the two DKIM keys (`<acct>cm1._domainkey`,
 * `<acct>cm2._domainkey`, TXT of ~410 characters), and at the return-path target `<acct>` its MX,
 * its SPF TXT and a DMARC TXT at `_dmarc.<acct>`.
 */
export function accountRRsets(zone: string, i: number, ttl = 300): RRset[] {
  const acct = accountLabel(i);
  return [
    { name: `${acct}cm1._domainkey.${zone}`, type: 'TXT', ttl, values: [dkimValue()] },
    { name: `${acct}cm2._domainkey.${zone}`, type: 'TXT', ttl, values: [dkimValue()] },
    { name: `${acct}.${zone}`, type: 'MX', ttl, values: [`10 bounces.${zone}.`] },
    { name: `${acct}.${zone}`, type: 'TXT', ttl, values: [`v=spf1 include:_spf.${zone} -all`] },
    { name: `_dmarc.${acct}.${zone}`, type: 'TXT', ttl, values: ['v=DMARC1; p=reject'] },
  ];
}

/** The same changes as an nsupdate script: per RRset `update delete` then `update add` of each value, `send` after every `perSend` RRsets. */
export function nsupdateScript(server: string, port: number, zone: string, rrsets: RRset[], perSend: number): string {
  const out = [`server ${server} ${port}`, `zone ${zone}`];
  rrsets.forEach((rrset, i) => {
    out.push(`update delete ${rrset.name}. ${rrset.type}`);
    for (const value of rrset.values) {
      const data = rrset.type === 'TXT' ? (value.match(/.{1,255}/g) ?? ['']).map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`).join(' ') : value;
      out.push(`update add ${rrset.name}. ${rrset.ttl} ${rrset.type} ${data}`);
    }
    if ((i + 1) % perSend === 0) out.push('send');
  });
  if (rrsets.length % perSend !== 0) out.push('send');
  return `${out.join('\n')}\n`;
}
