/** DESIGN.md §5. */
export const PERMISSIONS = [
  'EmailConfiguration_Create',
  'EmailConfiguration_Read',
  'EmailConfiguration_Update',
  'EmailConfiguration_Delete',
  'ApiKeys_Manage',
  /** the built-in provider's zone (its records and their publication); only on a key for every account */
  'Provider_Manage',
  /** DKIM signatures for the platform's MTA (POST /api/v1/dkim/sign) */
  'Mail_Sign',
  /** the private DKIM keys themselves (signing keys, the rspamd Vault route): implied by no other permission */
  'DkimKeys_Export',
  /** webhook endpoints, their secrets and deliveries */
  'Webhooks_Manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
