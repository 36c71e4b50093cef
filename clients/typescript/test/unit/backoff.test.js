import assert from "node:assert/strict";
import { test } from "node:test";
import { RECONNECT_BACKOFF, backoffCeiling, backoffDelay } from "../../src/index.js";

// The table of docs/protocol.md, "Reconnecting"; chat-common's BackoffTest checks the Java side against the same one.
const TABLE = [
  { retry: 0, ceiling: 500, atZero: 250, atOne: 500 },
  { retry: 1, ceiling: 1000, atZero: 500, atOne: 1000 },
  { retry: 2, ceiling: 2000, atZero: 1000, atOne: 2000 },
  { retry: 3, ceiling: 4000, atZero: 2000, atOne: 4000 },
  { retry: 4, ceiling: 8000, atZero: 4000, atOne: 8000 },
  { retry: 5, ceiling: 10000, atZero: 5000, atOne: 10000 },
  { retry: 6, ceiling: 10000, atZero: 5000, atOne: 10000 },
  { retry: 40, ceiling: 10000, atZero: 5000, atOne: 10000 },
];

test("the reconnect backoff follows the protocol's table", () => {
  for (const { retry, ceiling, atZero, atOne } of TABLE) {
    assert.equal(backoffCeiling(retry), ceiling, `ceiling of retry ${retry}`);
    assert.equal(backoffDelay(retry, () => 0), atZero, `wait of retry ${retry} at random 0`);
    assert.equal(backoffDelay(retry, () => 1), atOne, `wait of retry ${retry} at random 1`);
  }
  assert.equal(backoffDelay(2, () => 0.5), 1500, "retry 2 at random 0.5 waits 1500 ms");
});

test("the default policy is half a second doubling up to ten", () => {
  assert.deepEqual(RECONNECT_BACKOFF, { initialDelayMs: 500, maxDelayMs: 10_000 });
});

test("a negative or fractional retry is refused", () => {
  assert.throws(() => backoffCeiling(-1), RangeError);
  assert.throws(() => backoffCeiling(1.5), RangeError);
});
