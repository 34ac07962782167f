/** Stable error codes. Each API surface maps them to its own status codes and envelope. */
export type DomainErrorCode =
  | 'DOMAIN_INVALID'
  | 'DOMAIN_EMPTY'
  | 'ACCOUNT_INVALID'
  | 'DOMAIN_EXISTS'
  | 'DOMAIN_NOT_FOUND'
  | 'RECORDS_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'VALIDATION_FAILED'
  | 'VERIFICATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'API_KEY_NOT_FOUND'
  | 'LAST_MANAGER_KEY'
  | 'CONCURRENT_MODIFICATION'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'DKIM_KEYS_NOT_FOUND'
  | 'STANDBY_NOT_PUBLISHED'
  | 'NOT_SIGNABLE'
  | 'WEBHOOK_NOT_FOUND'
  | 'WEBHOOK_DISABLED'
  | 'DELIVERY_NOT_FOUND'
  | 'DELIVERY_IN_PROGRESS';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
