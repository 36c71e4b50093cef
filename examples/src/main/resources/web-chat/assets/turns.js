// Whose turn it is: which conversation gets the "thinking" line, and which one an agent_error is about.
import { channelOf } from "./channels.js";

// The user messages stored and not answered yet, oldest first, with their channel. Turns run in the order the
// messages were stored, so while the status is thinking the first of them is being answered; a reply answers its
// message and gives up every older one (their turns failed).
let unanswered = [];
// The thread's last seq when the page joined: once the replay reaches it, an idle thread has nothing waiting.
let replayEndsAt = 0;
// What the server said last (ready, then status frames): a turn is running.
let serverThinking = false;

export const serverIsThinking = () => serverThinking;

export function turnChannel() {
  return unanswered[0]?.channel ?? "builder";
}

export function trackTurns(message, seq) {
  if (message.role === "user" && !unanswered.some((m) => m.id === message.id)) {
    unanswered.push({ id: message.id, channel: channelOf(message) });
  } else if (message.role === "assistant") {
    const answered = unanswered.findIndex((m) => m.id === message.replyTo);
    unanswered.splice(0, answered + 1);
  }
  caughtUp(seq);
}

/** An event at `seq` arrived. */
export function caughtUp(seq) {
  if (seq === replayEndsAt && !serverThinking) {
    unanswered = [];
  }
}

/** A ready frame: the thread's status and last seq; `haveAll` when the page already has every event up to it. */
export function joined(thinking, lastSeq, haveAll) {
  serverThinking = thinking;
  replayEndsAt = lastSeq;
  if (!serverThinking && haveAll) {
    unanswered = [];
  }
}

/** A status frame. */
export function serverStatus(thinking) {
  serverThinking = thinking;
  if (!serverThinking) {
    unanswered = [];
  }
}

/** An agent_error: the turn being answered failed. Its message ({id, channel}), when the page knows it. */
export function turnFailed() {
  return unanswered.shift();
}
