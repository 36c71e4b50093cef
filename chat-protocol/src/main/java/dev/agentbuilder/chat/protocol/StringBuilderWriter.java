package dev.agentbuilder.chat.protocol;

import java.io.Writer;

/**
 * A {@link Writer} onto a {@link StringBuilder} that copies strings whole. Gson writes a string's runs between escapes
 * with {@code write(String, offset, length)}; its own writer for a {@code StringBuilder} passes them to
 * {@code StringBuilder.append(CharSequence, start, end)}, which on Java 17 copies a char at a time, and that was a
 * tenth of a busy server's CPU (docs/benchmarks.md). Owned by the one thread that encodes a frame.
 */
final class StringBuilderWriter extends Writer {

    /** Shorter runs are copied a char at a time; longer ones through a substring, two array copies. */
    private static final int COPY_WHOLE = 16;

    private final StringBuilder out;

    StringBuilderWriter(StringBuilder out) {
        this.out = out;
    }

    @Override
    public void write(int c) {
        out.append((char) c);
    }

    @Override
    public void write(String s) {
        out.append(s);
    }

    @Override
    public void write(String s, int offset, int length) {
        if (offset == 0 && length == s.length()) {
            out.append(s);
        } else if (length > COPY_WHOLE) {
            out.append(s.substring(offset, offset + length));
        } else {
            out.append(s, offset, offset + length);
        }
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        out.append(chars, offset, length);
    }

    @Override
    public Writer append(CharSequence s) {
        out.append(s);
        return this;
    }

    @Override
    public Writer append(char c) {
        out.append(c);
        return this;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
