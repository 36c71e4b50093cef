package dev.agentbuilder.chat.cli.internal;

/**
 * How a {@link ReconnectingSession} ended.
 *
 * @param refused true when the server refused us for good (close code 4400, 4401 or 4403); false when we closed
 * @param code    the last close code, or -1 when there was no connection
 * @param why     for the user, naming the server's reason when it gave one
 */
record SessionStop(boolean refused, int code, String why) {
}
