export const DOMAIN_STATUSES = ['pending', 'active', 'failed', 'suspended', 'deleted'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

/**
 * DESIGN.md §3: every transition the aggregate allows. Anything else is a domain error.
 * A suspended domain resumes as pending and is checked at once, so verification decides
 * whether it is active or failed ("back to what verification says").
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<DomainStatus, readonly DomainStatus[]>> = {
  pending: ['active', 'failed', 'suspended', 'deleted'],
  active: ['failed', 'suspended', 'deleted'],
  failed: ['active', 'suspended', 'deleted'],
  suspended: ['pending', 'deleted'],
  deleted: [],
};

export function canTransition(from: DomainStatus, to: DomainStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}
