/**
 * The calls waiting to be posted to an instance's worker, in order. A
 * client may queue thousands; each leaves from the front, or ends anywhere
 * (cancelled, past its deadline) and is then only marked done, and swept
 * out once such items are half the queue. So taking the front and ending
 * one are amortized O(1); an array with shift()/indexOf() made a deep
 * backlog quadratic.
 */
export class CallQueue<T extends { done: boolean }> {
  #items: T[] = [];
  #head = 0;
  /** Items ended where they were since the last sweep (ended). */
  #ended = 0;

  push(item: T): void {
    this.#items.push(item);
  }

  /** Put these back in front, in this order (calls that had been posted to a discarded worker). */
  pushFront(items: readonly T[]): void {
    this.#items = [...items, ...this.#items.slice(this.#head)];
    this.#head = 0;
  }

  /** Items it holds, ended ones not swept yet included. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** The first not done, left in place. */
  peek(): T | undefined {
    this.#skipDone();
    return this.#items[this.#head];
  }

  /** The first not done, taken out. */
  take(): T | undefined {
    const item = this.peek();
    if (item) this.#head++;
    this.#compact();
    return item;
  }

  /**
   * One item was marked done where it waits. Once those are over half the
   * queue, the queue is swept of them: so ended items never outnumber the
   * live ones, however many a client ends (what they hold stays bounded by
   * what the live ones may), at amortized O(1) an end.
   */
  ended(): void {
    if (++this.#ended * 2 > this.#items.length - this.#head) {
      this.#items = this.#items.slice(this.#head).filter((item) => !item.done);
      this.#head = 0;
      this.#ended = 0;
    }
  }

  /** Every one not done, taken out. */
  drain(): T[] {
    const items = this.#items.slice(this.#head).filter((item) => !item.done);
    this.#items = [];
    this.#head = 0;
    return items;
  }

  #skipDone(): void {
    while (this.#head < this.#items.length && this.#items[this.#head]!.done) this.#head++;
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
