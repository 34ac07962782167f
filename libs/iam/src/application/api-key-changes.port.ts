/**
 * Port: tells every instance at once that some API key changed (revoked, its permissions or scope
 * replaced), so caches of authenticated keys can be dropped. `live` is false while the feed
 * cannot promise that (not connected): nothing may be cached then.
 */
export abstract class ApiKeyChanges {
  abstract readonly live: boolean;
  /** `listener` runs on every change, and whenever the feed stops being live. */
  abstract onChange(listener: () => void): void;
  /**
   * A change committed in this instance: its listeners run now, before the answer that made it
   * (the other instances hear of it through the feed, a moment later).
   */
  abstract changedHere(): void;
}
