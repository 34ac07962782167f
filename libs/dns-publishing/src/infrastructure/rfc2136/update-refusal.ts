import { TSIG_ERROR_NAMES } from './tsig.js';

/** DNS rcodes an UPDATE may get (RFC 1035 §4.1.1, RFC 2136 §2.2). */
export const RCODE_NAMES: Readonly<Record<number, string>> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
};

export interface RefusalContext {
  zone: string;
  keyName: string;
  algorithm: string;
  /** with BADTIME: the server's time (from the TSIG's Other Data) and ours, in seconds */
  clocks?: { server: number; ours: number };
}

export interface Refusal {
  /** what the server said and what to do, in words */
  sentence: string;
  retryable: boolean;
  /** the rcode's name, or the TSIG error's when there is one */
  reason: string;
}

/**
 * What an UPDATE answer that is not NOERROR means, in words: the rcode (and the TSIG error, which
 * is where NOTAUTH says why) named, with the usual cause. Only SERVFAIL is worth retrying as is.
 */
export function describeRefusal(rcode: number, tsigError: number, context: RefusalContext): Refusal {
  const name = RCODE_NAMES[rcode] ?? `rcode ${rcode}`;
  const tsig = tsigError === 0 ? null : (TSIG_ERROR_NAMES[tsigError] ?? `TSIG error ${tsigError}`);
  const said = tsig ? `${name}, TSIG error ${tsig}` : name;
  const refusal = (sentence: string, retryable = false): Refusal => ({ sentence: `${sentence} (${said})`, retryable, reason: tsig ?? name });
  if (tsig === 'BADSIG') return refusal(`the server does not accept our signature: the secret of key ${context.keyName} differs from the server's`);
  if (tsig === 'BADKEY') return refusal(`the server does not know key ${context.keyName} with algorithm ${context.algorithm}: its name or algorithm differs from the server's key`);
  if (tsig === 'BADTIME') {
    const clocks = context.clocks
      ? `its clock says ${new Date(context.clocks.server * 1000).toISOString()}, ours ${new Date(context.clocks.ours * 1000).toISOString()} (${Math.abs(context.clocks.server - context.clocks.ours)} s apart)`
      : 'its clock and ours differ';
    return refusal(`the server refused the time of our signature: ${clocks}, more than the 300 s allowed: set both clocks right with NTP`);
  }
  if (tsig) return refusal('the server refused our signature');
  switch (name) {
    case 'FORMERR':
      return refusal('the server could not read the UPDATE message');
    case 'SERVFAIL':
      return refusal('the server failed to apply the update (it may be loading the zone, or unable to write its journal)', true);
    case 'NOTIMP':
      return refusal('the server does not take dynamic updates');
    case 'REFUSED':
      return refusal(
        `the server refused the update: its update-policy (or allow-update) does not let key ${context.keyName} change these names and types, ` +
          'or a record fails its checks (BIND: an MX whose target inside the zone has no A or AAAA record; its log names the record)',
      );
    case 'NOTAUTH':
      return refusal(`the server is not authoritative for zone ${context.zone} (or not its primary)`);
    case 'NOTZONE':
      return refusal(`a name of the update is outside zone ${context.zone} as the server holds it`);
    case 'NXDOMAIN':
    case 'YXDOMAIN':
    case 'YXRRSET':
    case 'NXRRSET':
      return refusal('the server answered with a prerequisite failure to an update that has no prerequisites');
    default:
      return refusal('the server refused the update');
  }
}
