import type { SendingDomain, SendingDomainState } from '../domain/sending-domain.entity.js';

/**
 * What other modules and the API surfaces read about a domain: its state (see
 * SendingDomainState) without the internal version and attempt counter, the stored name as
 * `domain` (punycode for an IDN; `displayName` is its Unicode form), and `isValid`.
 */
export type DomainView = Omit<SendingDomainState, 'name' | 'version' | 'checkAttempts'> & {
  domain: string;
  isValid: boolean;
};

/** The view of a stored state (the read model's rows, or an aggregate's snapshot). */
export function stateView(state: Readonly<SendingDomainState>): DomainView {
  const { name, status, version: _version, checkAttempts: _attempts, ...s } = state;
  return { ...s, domain: name, status, isValid: status === 'active', metadata: { ...s.metadata }, settings: { ...s.settings }, options: { ...s.options } };
}

export function toDomainView(domain: SendingDomain): DomainView {
  return stateView(domain.snapshot());
}
