import { type IdentityRequest, MailProvider, type OutgoingMail, ProviderError, type ProviderIdentity, type ProviderRecords, type ProviderStatus } from '../domain/mail-provider.port.js';
import type { MailSender } from '../domain/mail-sender.port.js';

/** The built-in provider's hosts, from PROVIDER_DNS_ZONE and its companions. */
export interface BuiltinHosts {
  zone: string;
  spfInclude: string;
  trackingHost: string;
  inboundMx: { priority: number; host: string }[];
}

const fqdn = (name: string) => `${name.replace(/\.$/, '').toLowerCase()}.`;

/** The accounts' DKIM keys, as the built-in provider uses them (the dkim module, behind its commands). */
export interface BuiltinKeys {
  /** the account has its keys, and this registration uses them */
  ensure(accountId: string, domainId: number): Promise<void>;
  /** this registration no longer uses them */
  release(accountId: string, domainId: number): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The built-in provider (the Email Configuration API's scheme): DKIM and return-path CNAMEs
 * derived from the account id without dashes, pointing into PROVIDER_DNS_ZONE, in the seed's
 * order: DKIM (cm2), return path (cm, or the custom MAIL FROM subdomain), DKIM (cm1). Provisioning
 * makes the account's DKIM keys, which the provider zone publishes at the CNAMEs' targets; whether
 * they are served there is part of the DKIM check. Notifications go through the MailSender (SMTP
 * or a log line).
 */
export class BuiltinMailProvider extends MailProvider {
  readonly name = 'builtin' as const;

  constructor(
    private readonly hosts: BuiltinHosts,
    private readonly sender: MailSender,
    private readonly keys: BuiltinKeys,
  ) {
    super();
  }

  /** Makes sure the account has its two DKIM keys (made with its first domain), for this registration. */
  async provision(request: IdentityRequest): Promise<ProviderIdentity> {
    try {
      await this.keys.ensure(request.accountId, request.domainId);
    } catch (error) {
      throw new ProviderError(`The account's DKIM keys could not be set up (${describe(error)})`, true, 'DkimKeys');
    }
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

  /** The registration no longer uses its account's keys (the last one gone, they are withdrawn after DKIM_RETIRE_HOURS). */
  async deprovision(_identity: ProviderIdentity, request: IdentityRequest): Promise<void> {
    try {
      await this.keys.release(request.accountId, request.domainId);
    } catch (error) {
      throw new ProviderError(`The account's DKIM keys could not be released (${describe(error)})`, true, 'DkimKeys');
    }
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.sender.send({ to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
  }
}
