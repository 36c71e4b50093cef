// A streaming reply grows by appending each delta to what is already shown, never by rendering the text again:
// the work per delta does not grow with the reply. By messageId, for each reply still streaming: its bubble, where
// text goes now (the content, or a <strong> that a "**" opened), and the last text node, with whether it ends in a
// lone "*" that the next delta may make a "**".
const streams = new Map();

export function streamOf(messageId) {
  return streams.get(messageId);
}

/** Starts a reply's stream in its (empty) bubble `li`. */
export function startStream(messageId, li) {
  const stream = { li, content: li.querySelector(".content"), strong: null, lastText: null, trailingStar: false };
  streams.set(messageId, stream);
  return stream;
}

/** The reply is stored: its stored text replaces what the deltas built. */
export function endStream(messageId) {
  streams.delete(messageId);
}

export function streaming() {
  return streams.size > 0;
}

// The streaming bubbles are given up (removed, or marked as cut off): their deltas are ignored from now on.
export function endStreams(what) {
  for (const { li } of streams.values()) {
    what(li);
  }
  streams.clear();
}

function toggleBold(stream) {
  if (stream.strong) {
    stream.strong = null;
  } else {
    stream.strong = document.createElement("strong");
    stream.content.append(stream.strong);
  }
}

export function appendDelta(stream, delta) {
  let rest = delta;
  if (stream.trailingStar && rest.startsWith("*")) {
    stream.lastText.deleteData(stream.lastText.length - 1, 1);
    toggleBold(stream);
    rest = rest.slice(1);
  }
  const parts = rest.split("**");
  parts.forEach((part, i) => {
    if (i > 0) {
      toggleBold(stream);
    }
    if (part) {
      stream.lastText = document.createTextNode(part);
      (stream.strong ?? stream.content).append(stream.lastText);
    }
  });
  stream.trailingStar = parts[parts.length - 1].endsWith("*");
}
