/**
 * A zone change that did not (or may not) take effect. `message` says in words what the server or
 * service answered (its rcode or error code named); it never holds a TSIG secret, an AWS credential
 * or a response body. `retryable`: true when the same request may succeed later without anyone
 * changing anything (a timeout, a refused connection, SERVFAIL, throttling, a 5xx, an answer whose
 * signature does not verify); false when the server refuses what we send as configured (NOTAUTH,
 * REFUSED, BADSIG, BADKEY, BADTIME, NOTZONE, access denied, an invalid change): retrying that
 * fails again until an operator changes the configuration. Every change restates whole RRsets, so a
 * retry is always safe, whatever was applied before the failure.
 */
export class ZonePublishError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** a short stable name of the cause: an rcode (`NOTAUTH`), a TSIG error (`BADSIG`), `TIMEOUT`, `ECONNREFUSED`, an AWS error code (`Throttling`), `INVALID` */
    readonly reason: string,
  ) {
    super(message);
    this.name = 'ZonePublishError';
  }
}
