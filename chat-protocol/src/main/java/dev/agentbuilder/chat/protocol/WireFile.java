package dev.agentbuilder.chat.protocol;

/**
 * A knowledge file of the agent, as the {@code agent} object's {@code files} and {@code file_status} carry it.
 *
 * @param type   the media type read from its content, for example {@code application/pdf}
 * @param status "indexing", "ready" or "failed"
 * @param error  why it failed, for people; null unless failed
 */
public record WireFile(String fileId, String name, long size, String type, String status, String error) {
}
