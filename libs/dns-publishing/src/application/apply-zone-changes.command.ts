import { Command } from '@nestjs/cqrs';
import type { RRset } from '../domain/rrset.js';

/**
 * Makes each given RRset of `zone` exactly equal to its values (values empty: the RRset is
 * deleted), touching no other name or type in the zone. Idempotent: it states whole RRsets, so
 * sending it again (after a failure, or from another instance) is harmless, and the last one sent
 * wins. An RRset given twice counts once, the later winning. Throws ZonePublishError.
 */
export class ApplyZoneChangesCommand extends Command<void> {
  constructor(
    readonly zone: string,
    readonly rrsets: RRset[],
  ) {
    super();
  }
}
