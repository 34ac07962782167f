/** Base for aggregates: records domain events, which the application layer publishes after commit. */
export abstract class AggregateRoot<TEvent = object> {
  private events: TEvent[] = [];

  protected addEvent(event: TEvent): void {
    this.events.push(event);
  }

  /** Returns the recorded events and forgets them (call once the transaction has committed). */
  pullEvents(): TEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }
}
