// "Sources" under a preview reply that answers from the agent's knowledge files: one expandable entry per passage the
// reply was given (the file's name, and the passage itself when opened). Shown from the reply's first delta, which
// carries them, and drawn again from its stored message.

/** The reply's sources in its bubble `li`, replacing any shown before; none when `citations` is empty. */
export function showSources(li, citations) {
  li.querySelector(".sources")?.remove();
  if (!citations?.length) {
    return;
  }
  const section = document.createElement("section");
  section.className = "sources";
  section.setAttribute("aria-label", "Sources");
  const title = document.createElement("div");
  title.className = "sources-title";
  title.textContent = citations.length === 1 ? "Source" : `Sources (${citations.length})`;
  section.append(title, ...citations.map(sourceEntry));
  li.querySelector(".content").after(section);
}

function sourceEntry(citation) {
  const details = document.createElement("details");
  details.className = "source";
  details.dataset.fileId = citation.fileId;
  const summary = document.createElement("summary");
  const name = document.createElement("span");
  name.className = "source-file";
  name.textContent = citation.fileName;
  const place = document.createElement("span");
  place.className = "source-place";
  place.textContent = `passage ${citation.passage + 1}`;
  summary.append(name, " ", place);
  const passage = document.createElement("blockquote");
  passage.className = "source-text";
  passage.textContent = citation.text;
  details.append(summary, passage);
  return details;
}
