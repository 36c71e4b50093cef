// The thread's two conversations, each in its own tab (a message's `channel` says which it belongs to): their
// elements, which one is shown, and following the end of their transcripts.
import { draft } from "./agent.js";

const $ = (id) => document.getElementById(id);

export const CHANNELS = {
  builder: {
    list: $("messages"), thinking: $("thinking"), tab: $("tab-builder"), panel: $("builder-panel"),
    placeholder: () => "Describe the agent you want…",
  },
  preview: {
    list: $("preview-messages"), thinking: $("preview-thinking"), tab: $("tab-preview"), panel: $("preview-panel"),
    placeholder: () => `Talk to ${draft.agent?.name || "the agent being built"}…`,
  },
};

export const channelOf = (frameOrMessage) => (frameOrMessage?.channel === "preview" ? "preview" : "builder");

// The conversation shown, which the composer sends to. Written by setActiveChannel (from preview.js) only.
let active = "builder";

export const activeChannel = () => active;

export function setActiveChannel(channelName) {
  active = channelName;
}

// ---- following the end of the transcripts ----

// How near the end counts as at the end: a reader a few pixels short of it still wants to follow.
const END_SLACK_PX = 8;

function atEnd(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight <= END_SLACK_PX;
}

export function scrollToEnd(list) {
  list.scrollTop = list.scrollHeight;
}

// New content (a delta, a stored message, the thinking line or a warning taking room) keeps a reader who is at the
// end of a transcript there, and leaves one who scrolled up to read where they are.
export function keepingEnd(change) {
  const following = Object.values(CHANNELS).filter((channel) => atEnd(channel.list));
  change();
  following.forEach((channel) => scrollToEnd(channel.list));
}
