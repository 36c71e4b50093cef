package dev.agentbuilder.chat.protocol;

/**
 * Where the user stands against the server's daily token budget: the tokens (input plus output) their replies used
 * today, across all their threads, the budget, and when it renews (the next UTC midnight, ISO-8601 UTC). Sent in
 * {@code ready} and in a {@code quota_exceeded} error, only by a server with a budget.
 */
public record WireQuota(long used, long limit, String renewsAt) {
}
