import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '#shared-kernel';

/** An account's keys rotated: a new selector signs (announced to webhooks). */
export const DKIM_ROTATED = 'dkim.rotated';

/** `data` of `dkim.rotated`, version 1. */
export interface DkimRotatedV1 {
  accountId: string;
  /** the selector that signs now (`cm1`, `cm2`) */
  selector: string;
  /** the one that signed before, now retiring or revoked */
  previousSelector: string | null;
  revoked: boolean;
  /** ISO 8601 */
  rotatedAt: string;
}

export function dkimRotated(data: DkimRotatedV1, at: Date): OutboxMessage {
  return { id: randomUUID(), type: DKIM_ROTATED, version: 1, occurredAt: at, data: { ...data } };
}
