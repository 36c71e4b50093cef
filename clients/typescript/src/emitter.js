// Typed events with listeners that cannot hurt each other.

/**
 * A set of named events. One listener's exception is reported (console.error) and does not stop the other
 * listeners, nor the work of whoever emitted the event.
 * @template {Record<string, any>} Events the payload of each event, by name
 */
export class Emitter {
  /** @type {Map<keyof Events, Set<(value: any) => void>>} */
  #listeners = new Map();

  /**
   * Calls `listener` with every `name` event from now on.
   * @template {keyof Events} K
   * @param {K} name
   * @param {(value: Events[K]) => void} listener
   * @returns {() => void} removes the listener
   */
  on(name, listener) {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /**
   * @template {keyof Events} K
   * @param {K} name
   * @param {Events[K]} value
   */
  emit(name, value) {
    const set = this.#listeners.get(name);
    if (!set) {
      return;
    }
    for (const listener of [...set]) {
      try {
        listener(value);
      } catch (e) {
        console.error(`a listener of "${String(name)}" failed:`, e);
      }
    }
  }
}
