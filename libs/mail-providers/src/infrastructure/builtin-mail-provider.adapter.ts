import { type IdentityRequest, MailProvider, type OutgoingMail, type ProviderIdentity, type ProviderRecords, type ProviderStatus } from '../domain/mail-provider.port.js';
import type { MailSender } from '../domain/mail-sender.port.js';

/** The built-in provider's hosts, from PROVIDER_DNS_ZONE and its companions. */
export interface BuiltinHosts {
  zone: string;
  spfInclude: string;
  trackingHost: string;
  inboundMx: { priority: number; host: string }[];
}

const fqdn = (name: string) => `${name.replace(/\.$/, '').toLowerCase()}.`;

/**
 * The built-in provider (the Email Configuration API's scheme): DKIM and return-path CNAMEs
 * derived from the account id without dashes, pointing into PROVIDER_DNS_ZONE, in the seed's
 * order: DKIM (cm2), return path (cm, or the custom MAIL FROM subdomain), DKIM (cm1). Nothing to
 * set up remotely: provisioning is immediate and the provider's view is always "verified" (DNS
 * alone decides). Notifications go through the MailSender (SMTP or a log line).
 */
export class BuiltinMailProvider extends MailProvider {
  readonly name = 'builtin' as const;

  constructor(
    private readonly hosts: BuiltinHosts,
    private readonly sender: MailSender,
  ) {
    super();
  }

  async provision(): Promise<ProviderIdentity> {
    return { provider: 'builtin' };
  }

  records(_identity: ProviderIdentity | null, request: IdentityRequest): ProviderRecords {
    const acct = request.accountId.replace(/-/g, '').toLowerCase();
    const { domain } = request;
    const zone = this.hosts.zone;
    const returnPath = request.mailFromSubdomain ? `${request.mailFromSubdomain}.${domain}` : `cm${acct}.${domain}`;
    return {
      records: [
        { purpose: 'dkim', type: 'CNAME', host: `cm2${acct}._domainkey.${domain}`, value: `${acct}cm2._domainkey.${zone}.`, required: true },
        { purpose: 'returnPath', type: 'CNAME', host: returnPath, value: `${acct}.${zone}.`, required: true },
        { purpose: 'dkim', type: 'CNAME', host: `cm1${acct}._domainkey.${domain}`, value: `${acct}cm1._domainkey.${zone}.`, required: true },
      ],
      spfInclude: this.hosts.spfInclude,
      inboundMx: this.hosts.inboundMx.map((mx) => ({ priority: mx.priority, host: fqdn(mx.host) })),
      trackingHost: fqdn(this.hosts.trackingHost),
    };
  }

  async status(): Promise<ProviderStatus> {
    return { gone: false, dkim: { kind: 'verified' }, mailFrom: null };
  }

  async deprovision(): Promise<void> {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.sender.send({ to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
  }
}
