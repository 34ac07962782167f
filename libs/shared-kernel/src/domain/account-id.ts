import { DomainError } from './domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A logical account id is a UUID; stored and compared lower-cased. */
export function parseAccountId(value: unknown): string {
  if (!isAccountId(value)) throw new DomainError('ACCOUNT_INVALID', 'Invalid AccountId Token');
  return value.toLowerCase();
}
