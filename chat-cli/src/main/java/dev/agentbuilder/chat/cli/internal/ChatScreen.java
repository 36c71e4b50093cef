package dev.agentbuilder.chat.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@code chat}'s output is laid out on its writer: whole lines; a reply streaming on the current line as its
 * deltas arrive; notes that come meanwhile held until it ends, so they do not cut it in two; and on a terminal the
 * prompt on the last line ({@code > }, or {@code preview> } in preview mode), erased before anything else is printed
 * and shown again after. Elsewhere (a pipe, a test) there is no prompt, so the output stays one line per event.
 * {@link ChatView} decides what is said; this decides where it goes on the screen.
 *
 * <p>Not thread-safe: its owner guards it ({@link ChatView} by its lock), which also keeps lines whole on the writer.
 */
final class ChatScreen {

    static final String PROMPT = "> ";
    static final String PREVIEW_PROMPT = "preview> ";
    /** Back to the start of the line, and erase it: the prompt goes away before other output. */
    private static final String ERASE_LINE = "\r\033[K";

    private final PrintWriter out;
    private final boolean terminal;
    /** The reply whose deltas are being printed on the current line, or null. */
    private String openStream;
    /** Notes ({@code [agent]}, {@code [waiting]}) that came while a reply streamed: printed after it, not inside it. */
    private final List<String> notes = new ArrayList<>();
    private boolean preview;
    private boolean promptShown;
    private boolean ended;

    /** @param terminal whether {@code out} is a terminal a person types at: then a prompt is shown */
    ChatScreen(PrintWriter out, boolean terminal) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
    }

    /** Prints a whole line, first erasing the prompt and ending a reply that is streaming on the current one. */
    void line(String text) {
        erasePrompt();
        endStream();
        out.println(text);
        out.flush();
    }

    /** A line that does not cut a streaming reply in two: printed after it, or now when nothing streams. */
    void note(String text) {
        if (openStream != null) {
            notes.add(text);
        } else {
            line(text);
            prompt();
        }
    }

    /** The next piece of reply {@code messageId}; a reply other than the streaming one starts a line with its speaker. */
    void delta(String messageId, String speaker, String text) {
        if (!messageId.equals(openStream)) {
            erasePrompt();
            endStream();
            out.print(speaker + "> ");
            openStream = messageId;
        }
        out.print(text);
        out.flush();
    }

    /**
     * Ends the line of reply {@code messageId} with {@code suffix} when it is the one streaming, then prints the notes
     * held meanwhile; returns false, printing nothing, when it is not.
     */
    boolean endReply(String messageId, String suffix) {
        if (messageId == null || !messageId.equals(openStream)) {
            return false;
        }
        openStream = null;
        out.println(suffix);
        printNotes();
        out.flush();
        return true;
    }

    /** Which prompt shows from now on: {@code preview> } or {@code > }. */
    void previewPrompt(boolean on) {
        preview = on;
    }

    /** A line was typed: on a terminal the cursor is on a new line, below the prompt, where it shows again. */
    void entered() {
        promptShown = false;
        prompt();
    }

    /** The chat is over: what streams ends its line, the prompt goes away and never shows again. */
    void end() {
        ended = true;
        erasePrompt();
        endStream();
        out.flush();
    }

    /** On a terminal, when nothing streams: the prompt on a line of its own, for what is typed next. */
    void prompt() {
        if (terminal && !ended && openStream == null && !promptShown) {
            out.print(preview ? PREVIEW_PROMPT : PROMPT);
            out.flush();
            promptShown = true;
        }
    }

    private void endStream() {
        if (openStream != null) {
            openStream = null;
            out.println();
            printNotes();
        }
    }

    private void printNotes() {
        notes.forEach(out::println);
        notes.clear();
    }

    private void erasePrompt() {
        if (promptShown) {
            out.print(ERASE_LINE);
            promptShown = false;
        }
    }
}
