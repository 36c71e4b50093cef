// Sending: what is typed goes to the conversation shown, on Enter or Send. The preview's starter buttons send
// through sendMessage too.
import { CHANNELS, activeChannel, scrollToEnd } from "./channels.js";
import { describeError, showError } from "./errors.js";
import { service } from "./session.js";
import { connected, refused } from "./status.js";
import { addBubble, renderText } from "./transcript.js";

const composer = document.getElementById("composer");
const input = document.getElementById("input");

/** Sends a message to a conversation and shows it there; false when the page refused it (the reason is shown). */
export function sendMessage(content, channel) {
  let clientMessageId;
  try {
    clientMessageId = service.send(content, { mode: channel });
  } catch (e) {
    // Refused before it was queued (too long, or too many waiting).
    showError(describeError({ code: e.code, message: e.message }), e.code);
    return false;
  }
  const li = addBubble(channel, "user", { clientMessageId, state: connected() ? "sending" : "queued" });
  renderText(li.querySelector(".content"), content);
  scrollToEnd(CHANNELS[channel].list); // your own message is shown, however far up you had scrolled
  return true;
}

function submit() {
  if (refused()) return;
  const content = input.value.trim();
  // A refused message stays in the box, to shorten or send later.
  if (content && sendMessage(content, activeChannel())) {
    input.value = "";
  }
}

composer.addEventListener("submit", (event) => {
  event.preventDefault();
  submit();
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  }
});
