// Unit checks of websocket.js's WebSocketService, run inside Chromium by WebSocketServiceBrowserIT with a fake
// WebSocket. Each case resolves when it passes and throws (rejects) with a message saying what differed.
// Called as runCase(module, name); returns a promise.

class FakeSocket {
  static all = [];

  constructor(url) {
    this.url = new URL(url);
    this.sent = [];
    this.readyState = 0;
    this.closedWith = null;
    FakeSocket.all.push(this);
  }

  send(data) {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(JSON.parse(data));
  }

  close(code) {
    this.readyState = 3;
    this.closedWith = code;
  }

  // The server side of the fake:
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
  }

  ready(extra = {}) {
    this.open();
    this.receive({ type: "ready", threadId: "t", userId: "u", lastSeq: 0, status: "idle", reset: false, agent: {},
      ...extra });
  }

  drop(code = 1006, reason = "") {
    this.readyState = 3;
    this.onclose({ code, reason });
  }

  userMessages() {
    return this.sent.filter((f) => f.type === "user_message");
  }

  draftChanges() {
    return this.sent.filter((f) => f.type === "update_agent" || f.type === "revert_agent");
  }
}

// The error fn throws, or null when it returns.
function thrownBy(fn) {
  try {
    fn();
    return null;
  } catch (e) {
    return e;
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e} but was ${a}`);
}

// Waits on the page's own event loop (timers are real here, with delays of a few ms).
async function until(condition, what, timeoutMs = 5000) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function service(m, options = {}) {
  FakeSocket.all = [];
  const chat = new m.WebSocketService("ws://chat.test:3004", {
    WebSocket: FakeSocket, initialDelayMs: 2, maxDelayMs: 16, random: () => 1, ...options,
  });
  const statuses = [];
  const events = [];
  chat.onStatus((s) => statuses.push(s));
  chat.onEvent((f) => events.push(f));
  return { chat, statuses, events, last: () => FakeSocket.all[FakeSocket.all.length - 1] };
}

const cases = {
  // The same policy and numbers as chat-cli's and the engine's Backoff (docs/protocol.md, "Reconnecting"): a change
  // here is a change there too.
  async backoffGrowsExponentiallyWithJitterUpToTheCap(m) {
    const options = { initialDelayMs: 500, maxDelayMs: 10_000 };
    const table = [
      // attempt, random() = 0 (half the ceiling), random() = 1 (the whole ceiling)
      [0, 250, 500],
      [1, 500, 1000],
      [2, 1000, 2000],
      [3, 2000, 4000],
      [4, 4000, 8000],
      [5, 5000, 10000],
      [6, 5000, 10000],
    ];
    for (const [attempt, least, most] of table) {
      same(m.backoffDelay(attempt, { ...options, random: () => 0 }), least, `attempt ${attempt} with random() = 0`);
      same(m.backoffDelay(attempt, { ...options, random: () => 1 }), most, `attempt ${attempt} with random() = 1`);
    }
    same(m.backoffDelay(2, { ...options, random: () => 0.5 }), 1500, "attempt 2 with random() = 0.5");
    for (const attempt of [10, 30, 31, 100, 10_000]) {
      same(m.backoffDelay(attempt, { ...options, random: () => 1 }), 10000, `attempt ${attempt}: the cap`);
    }
  },

  async reconnectsAfterEachFailureWithGrowingDelaysAndStartsOverOnceConnected(m) {
    const { chat, statuses, last } = service(m);
    chat.connect("t", "u");
    for (let i = 1; i <= 5; i++) {
      last().drop(1006);
      await until(() => FakeSocket.all.length === i + 1, `attempt ${i + 1}`);
    }
    same(statuses.filter((s) => s.retryInMs).map((s) => s.retryInMs), [2, 4, 8, 16, 16], "retry delays");
    same(statuses.filter((s) => s.retryInMs).map((s) => s.status), Array(5).fill("disconnected"),
      "status while waiting");
    check(statuses.some((s) => s.status === "connecting" && /attempt 6/.test(s.reason)), "says which attempt");
    last().ready();
    same(chat.status.status, "connected", "status after ready");
    last().drop(1001);
    same(statuses[statuses.length - 1].retryInMs, 2, "the first delay again after a good connection");
    check(/restarting/.test(statuses[statuses.length - 1].reason), "1001 read as a server restart");
    chat.disconnect();
  },

  async doesNotRetryAfter4400Or4401Or4403AndSaysWhy(m) {
    for (const [code, errorCode, serverMessage] of [
      [4400, "invalid_request", "threadId must be 1 to 128 characters"],
      [4401, "unauthorized", "a token is required"],
      [4403, "forbidden", "thread t belongs to another user"],
    ]) {
      const { chat, last } = service(m);
      chat.connect("t", "u");
      last().open();
      last().receive({ type: "error", code: errorCode, message: serverMessage });
      last().drop(code);
      same(chat.status.status, "error", `status after ${code}`);
      check(chat.status.reason.includes(serverMessage), `reason for ${code} names the server's words: ${chat.status.reason}`);
      check(chat.status.reason.includes(`(${code}); not retrying`), `reason says no retry: ${chat.status.reason}`);
      same(chat.retryScheduled, false, `retry scheduled after ${code}`);
      await new Promise((resolve) => setTimeout(resolve, 40)); // longer than every backoff delay of this setup
      same(FakeSocket.all.length, 1, `sockets opened after ${code}`);
    }
    const { chat, last } = service(m);
    chat.connect("t", "u");
    last().drop(4403, "");
    check(chat.status.reason.includes("belongs to another user"), `4403 without a frame still explained: ${chat.status.reason}`);
  },

  async aMessageSentWhileOfflineGoesOutOnceConnectedAndIsResentWithTheSameIdUntilAcked(m) {
    const { chat, last } = service(m);
    chat.connect("t", "u");
    const id = chat.send("typed while offline");
    same(last().sent, [], "nothing sent before the socket is ready");
    same(chat.pending.map((p) => p.clientMessageId), [id], "pending");

    last().ready();
    same(last().userMessages(), [{ type: "user_message", content: "typed while offline", clientMessageId: id }],
      "sent once on ready");

    last().drop(1006); // before any ack: the server may or may not have stored it
    await until(() => FakeSocket.all.length === 2, "the reconnect");
    last().ready();
    same(last().userMessages().map((f) => f.clientMessageId), [id], "resent with the same clientMessageId");

    last().receive({ type: "ack", clientMessageId: id, messageId: "m1", seq: 1, duplicate: true });
    same(chat.pending, [], "pending after the ack");
    last().drop(1006);
    await until(() => FakeSocket.all.length === 3, "the second reconnect");
    last().ready();
    same(last().userMessages(), [], "an acknowledged message is never sent again");
    chat.disconnect();
  },

  async aMessageTheServerRefusesLeavesTheOutbox(m) {
    const { chat, last, events } = service(m);
    chat.connect("t", "u");
    last().ready();
    const id = chat.send("too long");
    last().receive({ type: "error", code: "message_too_long", message: "at most 8000", clientMessageId: id });
    same(chat.pending, [], "pending after a refusal");
    same(events.filter((e) => e.type === "error").length, 1, "the error reaches listeners");
    chat.disconnect();
  },

  async resumesFromTheLastSeqAndDropsStoredEventsAlreadySeen(m) {
    const { chat, last, events } = service(m);
    chat.connect("t", "u");
    same(last().url.searchParams.get("lastSeq"), "0", "first connect");
    same(last().url.searchParams.get("threadId") + "/" + last().url.searchParams.get("userId"), "t/u", "thread and user");
    last().ready();
    for (const seq of [1, 2, 3]) {
      last().receive({ type: "agent_updated", seq, agent: { version: seq } });
    }
    last().drop(1006);
    await until(() => FakeSocket.all.length === 2, "the reconnect");
    same(last().url.searchParams.get("lastSeq"), "3", "resumes after the last seq seen");
    last().ready({ lastSeq: 4 });
    last().receive({ type: "agent_updated", seq: 3, agent: { version: 3 } });
    last().receive({ type: "agent_updated", seq: 4, agent: { version: 4 } });
    same(events.filter((e) => e.type === "agent_updated").map((e) => e.seq), [1, 2, 3, 4], "each stored event once");

    last().receive({ type: "ready", lastSeq: 1, reset: true, agent: {} }); // the server lost the thread
    last().receive({ type: "agent_updated", seq: 1, agent: { version: 1 } });
    same(chat.lastSeq, 1, "after a reset the replay from seq 1 is taken");
    chat.disconnect();
  },

  async aServerThatStopsAnsweringIsGivenUpAndRetried(m) {
    const { chat, last, statuses } = service(m, { pingIntervalMs: 25, pongTimeoutMs: 25 });
    chat.connect("t", "u");
    last().ready();
    await until(() => last().sent.some((f) => f.type === "ping"), "a ping");
    await until(() => FakeSocket.all.length === 2, "a new socket after the silence");
    check(statuses.some((s) => /stopped answering/.test(s.reason)), "says the server stopped answering");
    same(FakeSocket.all[0].closedWith, 1000, "the silent socket is closed");
    chat.disconnect();
  },

  async aConnectThatGetsNoReadyIsRetried(m) {
    const { chat, statuses } = service(m, { readyTimeoutMs: 5 });
    chat.connect("t", "u");
    FakeSocket.all[0].open(); // open, but the server never sends ready
    await until(() => FakeSocket.all.length === 2, "a retry");
    check(statuses.some((s) => /no answer/.test(s.reason)), "says there was no answer");
    chat.disconnect();
  },

  async disconnectStopsReconnectingAndKeepsUnsentMessages(m) {
    const { chat, last } = service(m);
    chat.connect("t", "u");
    last().ready();
    last().drop(1006);
    same(chat.retryScheduled, true, "a retry is scheduled");
    const id = chat.send("later");
    chat.disconnect();
    same(chat.retryScheduled, false, "no retry after disconnect");
    same(chat.status.status, "disconnected", "status");
    same(chat.pending.map((p) => p.clientMessageId), [id], "unsent message kept");
    await new Promise((resolve) => setTimeout(resolve, 40));
    same(FakeSocket.all.length, 1, "sockets opened");
  },

  async clientMessageIdsAreUuidsEvenWithoutRandomUUID(m) {
    const saved = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
      const ids = new Set(Array.from({ length: 100 }, () => m.newClientMessageId()));
      same(ids.size, 100, "distinct ids");
      for (const id of ids) {
        check(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), `a v4 UUID: ${id}`);
      }
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: saved, configurable: true });
    }
  },

  async aMessageLongerThanTheServerTakesIsRefusedBeforeItIsQueued(m) {
    const { chat } = service(m, { maxMessageChars: 10 });
    const error = thrownBy(() => chat.send("x".repeat(11)));
    check(error instanceof RangeError, `a RangeError, not ${error}`);
    same(error.code, "message_too_long", "the refusal's code");
    check(/at most 10 characters; this one has 11/.test(error.message), `says the limit: ${error.message}`);
    same(chat.pending, [], "nothing queued");
    chat.send("x".repeat(10));
    same(chat.pending.length, 1, "a message at the limit is queued");
  },

  // The server counts code points (Java's codePointCount), not UTF-16 units: an emoji is one character, not two.
  async theLimitCountsCodePointsAsTheServerDoes(m) {
    const { chat } = service(m, { maxMessageChars: 10 });
    const emoji = "\u{1F600}";
    same(emoji.length, 2, "UTF-16 units in one emoji");
    same(thrownBy(() => chat.send(emoji.repeat(10)))?.message ?? null, null, "refusal of ten emoji");
    same(chat.pending.map((p) => p.content), [emoji.repeat(10)], "ten emoji are queued");
    const error = thrownBy(() => chat.send(emoji.repeat(11)));
    check(error instanceof RangeError, `eleven emoji are refused with a RangeError, not ${error}`);
    check(/at most 10 characters; this one has 11$/.test(error.message), `counts code points: ${error.message}`);
    chat.send("x" + emoji.repeat(9));
    same(chat.pending.length, 2, "mixed text at the limit is queued");
  },

  async aFullOutboxRefusesTheNextMessageAndKeepsEveryQueuedOne(m) {
    const { chat, last } = service(m, { maxOutboxMessages: 3 });
    chat.connect("t", "u");
    const queued = ["one", "two", "three"].map((text) => chat.send(text));
    const error = thrownBy(() => chat.send("four"));
    check(error instanceof Error, `refused with an error, not ${error}`);
    same(error.code, "outbox_full", "the refusal's code");
    check(/3 messages are already waiting to be sent/.test(error.message), `says how many wait: ${error.message}`);
    same(chat.pending.map((p) => p.content), ["one", "two", "three"], "the queued ones are all kept");

    last().ready();
    same(last().userMessages().map((f) => f.clientMessageId), queued, "all three go out once connected");
    same(thrownBy(() => chat.send("four"))?.code, "outbox_full", "still full while none is acknowledged");
    last().receive({ type: "ack", clientMessageId: queued[0], messageId: "m1", seq: 1, duplicate: false });
    const fourth = chat.send("four");
    same(chat.pending.map((p) => p.clientMessageId), [...queued.slice(1), fourth], "room again after an ack");
    same(last().userMessages().map((f) => f.content), ["one", "two", "three", "four"], "sent in order");
    chat.disconnect();
  },

  async aListenerThatThrowsStopsNeitherTheOtherListenersNorTheResendOfQueuedMessages(m) {
    const reported = [];
    const consoleError = console.error;
    console.error = (...args) => reported.push(args);
    try {
      FakeSocket.all = [];
      const chat = new m.WebSocketService("ws://chat.test:3004", {
        WebSocket: FakeSocket, initialDelayMs: 2, maxDelayMs: 16, random: () => 1,
      });
      // Registered first, so that each is called before the recording listeners.
      chat.onEvent(() => {
        throw new Error("an event listener's bug");
      });
      chat.onStatus(({ status }) => {
        if (status === "connected") throw new Error("a status listener's bug");
      });
      const events = [];
      const statuses = [];
      chat.onEvent((f) => events.push(f.type));
      chat.onStatus((s) => statuses.push(s.status));
      const last = () => FakeSocket.all[FakeSocket.all.length - 1];

      // A browser reports what escapes a WebSocket handler and goes on; so does this, to see the whole effect.
      const escaped = [];
      const deliver = (fn) => escaped.push(thrownBy(fn)?.message ?? null);
      chat.connect("t", "u");
      deliver(() => last().ready());
      deliver(() => last().drop(1006));
      const id = chat.send("typed while offline");
      await until(() => FakeSocket.all.length === 2, "the reconnect");
      deliver(() => last().ready());
      same(last().userMessages().map((f) => f.clientMessageId), [id], "the queued message is resent");
      same(escaped, [null, null, null], "what escaped the socket's handlers");
      last().receive({ type: "ack", clientMessageId: id, messageId: "m1", seq: 1, duplicate: false });
      same(chat.pending, [], "pending after the ack");
      same(events, ["ready", "ready", "ack"], "what the other event listener got");
      same(statuses.filter((s) => s === "connected").length, 2, "connected statuses the other status listener got");
      check(reported.some((args) => args.some((a) => a?.message === "an event listener's bug")),
        `the event listener's error is reported: ${JSON.stringify(reported.map(String))}`);
      check(reported.some((args) => args.some((a) => a?.message === "a status listener's bug")),
        "the status listener's error is reported");
      chat.disconnect();
    } finally {
      console.error = consoleError;
    }
  },

  async aFrameTooLargeForTheServerGivesUpThatMessageInsteadOfResendingItForEver(m) {
    const { chat, last, events } = service(m);
    chat.connect("t", "u");
    last().ready();
    const small = chat.send("small");
    const big = chat.send("big ".repeat(1000));
    last().drop(1009, "frame too big");
    await until(() => FakeSocket.all.length === 2, "a reconnect");
    const refused = events.filter((e) => e.type === "error");
    same(refused.map((e) => [e.code, e.clientMessageId]), [["message_too_long", big]], "the big one is refused");
    same(chat.pending.map((p) => p.clientMessageId), [small], "the small one is still pending");
    last().ready();
    same(last().userMessages().map((f) => f.clientMessageId), [small], "only the small one is sent again");
    chat.disconnect();
  },

  async aPongAnsweringEachPingKeepsTheConnectionHowEverLateTheTimerFires(m) {
    const { chat, last } = service(m, { pingIntervalMs: 10, pongTimeoutMs: 5 });
    chat.connect("t", "u");
    last().ready();
    const answer = last().send.bind(last());
    last().send = (data) => {
      answer(data);
      if (JSON.parse(data).type === "ping") {
        queueMicrotask(() => last().receive({ type: "pong" }));
      }
    };
    const pings = () => last().sent.filter((f) => f.type === "ping").length;
    await until(() => pings() >= 2, "two pings");
    // A hidden tab's timers fire late: hold the event loop well past the interval and the pong timeout together.
    const held = performance.now();
    while (performance.now() - held < 60) {
      // busy: no timer can fire
    }
    const before = pings();
    await until(() => pings() >= before + 3, "three more pings");
    same(FakeSocket.all.length, 1, "still the first socket");
    chat.disconnect();
  },

  async aPreviewMessageCarriesItsModeAndABuilderMessageIsSentAsBefore(m) {
    const { chat, last } = service(m);
    chat.connect("t", "u");
    last().ready();
    const toBuilder = chat.send("Call it Wanderlust");
    const toAgent = chat.send("Who are you?", { mode: "preview" });
    same(last().userMessages(), [
      { type: "user_message", content: "Call it Wanderlust", clientMessageId: toBuilder },
      { type: "user_message", content: "Who are you?", mode: "preview", clientMessageId: toAgent },
    ], "the frames sent");
    same(chat.pending.map((p) => p.mode ?? null), [null, "preview"], "pending messages keep their mode");
    chat.disconnect();
  },

  async aDraftChangeIsKeptUntilAckedAndResentWithTheSameIdAfterAReconnect(m) {
    const { chat, last } = service(m);
    chat.connect("t", "u");
    const offline = chat.updateAgent(3, { name: "Wanderlust" });
    same(last().sent, [], "nothing sent before the socket is ready");
    last().ready();
    const revert = chat.revertAgent(2);
    same(last().draftChanges(), [
      { type: "update_agent", baseVersion: 3, changes: { name: "Wanderlust" }, clientMessageId: offline },
      { type: "revert_agent", version: 2, clientMessageId: revert },
    ], "sent once connected, in order");
    same(chat.pending, [], "draft changes are not messages");
    same(chat.pendingDraftChanges.map((f) => f.clientMessageId), [offline, revert], "both wait for their ack");

    last().receive({ type: "ack", clientMessageId: offline, seq: 4, duplicate: false });
    last().drop(1006);
    await until(() => FakeSocket.all.length === 2, "the reconnect");
    last().ready();
    same(last().draftChanges().map((f) => f.clientMessageId), [revert], "only the unacknowledged one is resent");
    last().receive({ type: "error", code: "not_found", message: "no version 2", clientMessageId: revert });
    same(chat.pendingDraftChanges, [], "a refused change leaves the outbox");
    chat.disconnect();
  },

  async anExportIsAskedForOnlyWhileConnected(m) {
    const { chat, last } = service(m);
    chat.connect("t", "u");
    same(chat.exportAgent("markdown"), false, "export before ready");
    last().ready();
    same(chat.exportAgent("openai"), true, "export once connected");
    same(last().sent, [{ type: "export_agent", format: "openai" }], "the frame sent");
    chat.disconnect();
  },

  async badArgumentsFailFastWithTheValue(m) {
    let thrown = null;
    try {
      new m.WebSocketService("http://localhost:3004");
    } catch (e) {
      thrown = e;
    }
    check(thrown instanceof TypeError && thrown.message.includes("http://localhost:3004"), `bad URL: ${thrown}`);
    const { chat } = service(m);
    thrown = null;
    try {
      chat.send("   ");
    } catch (e) {
      thrown = e;
    }
    check(thrown instanceof TypeError && thrown.message.includes('"   "'), `blank message: ${thrown}`);
    for (const [what, call, value] of [
      ["mode", () => chat.send("hi", { mode: "agent" }), '"agent"'],
      ["baseVersion", () => chat.updateAgent(-1, { name: "x" }), "-1"],
      ["changes", () => chat.updateAgent(1, {}), "{}"],
      ["version", () => chat.revertAgent(1.5), "1.5"],
      ["format", () => chat.exportAgent("pdf"), '"pdf"'],
    ]) {
      thrown = thrownBy(call);
      check(thrown instanceof TypeError && thrown.message.includes(value), `bad ${what}: ${thrown}`);
    }
    same(chat.pending.length + chat.pendingDraftChanges.length, 0, "nothing queued by a refused call");
  },
};

return (async () => {
  const [module, name] = arguments;
  const m = await import(module);
  if (!cases[name]) throw new Error(`no such case: ${name}`);
  try {
    await cases[name](m);
  } catch (e) {
    // Only the words: chromedriver takes a thrown object's own fields (a `code`, as the service's refusals have)
    // for its protocol's, and reports "call function result missing int 'status'" instead.
    throw new Error(`${e?.name}: ${e?.message ?? e}`);
  }
  return "passed";
})();
