import { DomainError } from './domain-error.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

/** The contact address of a domain (notifications go there). Trimmed; at most 320 characters. */
export function parseEmailAddress(value: unknown): string {
  const email = typeof value === 'string' ? value.trim() : '';
  if (!email) throw new DomainError('VALIDATION_FAILED', 'emailAddress is required', { field: 'emailAddress' });
  if (email.length > 320 || !EMAIL.test(email)) {
    throw new DomainError('VALIDATION_FAILED', `emailAddress "${email}" is not a valid email address`, { field: 'emailAddress' });
  }
  return email;
}
