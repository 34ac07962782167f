import { DomainError } from '#shared-kernel';
import type { MailProvider, ProviderName } from '../domain/mail-provider.port.js';

/** The providers this service can use, and the default one (MAIL_PROVIDER). */
export class MailProviders {
  private readonly byName: Map<ProviderName, MailProvider>;

  constructor(
    providers: MailProvider[],
    readonly defaultName: ProviderName,
  ) {
    this.byName = new Map(providers.map((p) => [p.name, p]));
  }

  get names(): ProviderName[] {
    return [...this.byName.keys()];
  }

  /** The provider of that name; VALIDATION_FAILED when it is not configured here. */
  get(name: ProviderName): MailProvider {
    const provider = this.byName.get(name);
    if (!provider) {
      throw new DomainError('VALIDATION_FAILED', `provider "${name}" is not configured on this service${name === 'ses' ? ' (set AWS_REGION)' : ''}`, { field: 'provider' });
    }
    return provider;
  }

  get default(): MailProvider {
    return this.get(this.defaultName);
  }
}
