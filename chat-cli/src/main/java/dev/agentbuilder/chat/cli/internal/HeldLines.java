package dev.agentbuilder.chat.cli.internal;

import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Typed lines held back, in order, in {@code chat}: a change to the draft ({@code /edit}, {@code /revert}) waits
 * until everything sent before it is answered and the builder is idle (else the server would refuse it as busy, or
 * take it on an old version), and what is typed after it waits behind it. {@code /cancel} and {@code /quit} never
 * wait: one stops the reply that holds the line up, the other leaves.
 *
 * <p>Confined to the command's thread.
 */
final class HeldLines {

    /** What the lines wait for, as the chat command sees it. */
    interface Gate {
        /** Joined, idle, and every change asked for answered. */
        boolean readyForChange();

        /** Whether a join happened: before it, there is nothing to say about waiting. */
        boolean joined();

        /** Asks to be told (with {@link #quiet}) once everything sent is answered. */
        void askQuiet();

        /** Shows a note to the person typing. */
        void note(String text);
    }

    private final ArrayDeque<String> held = new ArrayDeque<>();
    /** Whether everything sent was answered, with nothing sent since. */
    private boolean quiet;
    private boolean quietAsked;
    private boolean waitingNoted;

    static boolean isDraftChange(String line) {
        String word = firstWord(line);
        return word.equals("/edit") || word.equals("/revert");
    }

    /** {@code /cancel} and {@code /quit} (or {@code /exit}) go at once, whatever waits. */
    static boolean skipsTheQueue(String line) {
        String word = firstWord(line);
        return word.equals("/cancel") || word.equals("/quit") || word.equals("/exit");
    }

    private static String firstWord(String line) {
        return line.strip().split("\\s", 2)[0].toLowerCase(Locale.ROOT);
    }

    /** Whether {@code line} must be held: something waits already, or it is a change to the draft. */
    boolean mustHold(String line) {
        return !held.isEmpty() || isDraftChange(line);
    }

    void add(String line) {
        held.add(line);
    }

    /** Everything sent is answered (as asked with {@link Gate#askQuiet}). */
    void quiet() {
        quietAsked = false;
        quiet = true;
    }

    /** Something was sent: it must be answered before a change to the draft goes. */
    void sent() {
        quiet = false;
    }

    /** The next held line that may go now (taken from the queue), or null when the first must wait. */
    String next(Gate gate) {
        String head = held.peek();
        if (head == null) {
            return null;
        }
        if (isDraftChange(head) && !(quiet && gate.readyForChange())) {
            boolean askedBefore = quietAsked || quiet;
            if (!quiet && !quietAsked) {
                quietAsked = true;
                gate.askQuiet();
            }
            if (!waitingNoted && gate.joined() && (askedBefore || !gate.readyForChange())) {
                waitingNoted = true;
                gate.note("[waiting] " + firstWord(head) + " goes once the builder has answered everything before it");
            }
            return null;
        }
        waitingNoted = false;
        return held.poll();
    }

    /** Drops every held line; returns how many there were. */
    int dropAll() {
        int dropped = held.size();
        held.clear();
        waitingNoted = false;
        return dropped;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    int size() {
        return held.size();
    }
}
