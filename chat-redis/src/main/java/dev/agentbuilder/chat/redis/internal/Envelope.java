package dev.agentbuilder.chat.redis.internal;

/**
 * What one bus puts on a channel. The origin names the publishing bus, so that it skips its own messages coming back.
 * A live event (a delta, a status, a failure: nothing the store keeps) carries its position on the channel,
 * {@code origin|epoch:index|event}, so that receivers drop one that comes twice or late. A stored event carries none,
 * {@code origin|event}: its seq orders it, and nodes from before positions read it as they always did (they drop
 * positioned live events, so during a rolling upgrade their clients miss other nodes' deltas, not stored events).
 */
record Envelope(String origin, long epoch, long index, String event) {

    private static final char END = '|';
    private static final char BETWEEN = ':';

    Envelope {
        if (origin.isEmpty() || origin.indexOf(END) >= 0 || epoch < 0 || index < 0 || !event.startsWith("{")) {
            throw new IllegalArgumentException("not an envelope: origin " + origin + ", position " + epoch + ":"
                    + index);
        }
    }

    static String write(String origin, long epoch, long index, String event) {
        return new Envelope(origin, epoch, index, event).toString();
    }

    @Override
    public String toString() {
        return index == 0 ? origin + END + event : origin + END + epoch + BETWEEN + index + END + event;
    }

    /** Reads a message; null when it is not an envelope at all. */
    static Envelope read(String message) {
        int originEnd = message.indexOf(END);
        if (originEnd <= 0) {
            return null;
        }
        String origin = message.substring(0, originEnd);
        if (message.length() > originEnd + 1 && message.charAt(originEnd + 1) == '{') {
            return new Envelope(origin, 0, 0, message.substring(originEnd + 1));
        }
        int positionEnd = message.indexOf(END, originEnd + 1);
        if (positionEnd < 0) {
            return null;
        }
        int between = message.indexOf(BETWEEN, originEnd + 1);
        if (between < 0 || between > positionEnd) {
            return null;
        }
        try {
            long epoch = Long.parseLong(message, originEnd + 1, between, 10);
            long index = Long.parseLong(message, between + 1, positionEnd, 10);
            return index > 0 ? new Envelope(origin, epoch, index, message.substring(positionEnd + 1)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code message} is an envelope {@code bus} published, without reading it. */
    static boolean isFrom(String message, String bus) {
        return message.length() > bus.length() && message.charAt(bus.length()) == END && message.startsWith(bus);
    }

    boolean positioned() {
        return index > 0;
    }
}
