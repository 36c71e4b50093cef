package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.WireQuota;

/**
 * How chat-cli says where the user stands against the server's daily token budget: {@code tokens today: 620/5000},
 * and a message refused because it is spent, in the server's words with when the budget renews. Stateless.
 */
final class TokensToday {

    private TokensToday() {
    }

    /** {@code tokens today: used/limit}. */
    static String line(WireQuota quota) {
        return "tokens today: " + quota.used() + "/" + quota.limit();
    }

    /**
     * The server's words for a {@code quota_exceeded} refusal, then the count and when the budget renews, from its
     * quota (which a server may leave out: then its words alone).
     */
    static String refusal(String words, WireQuota quota) {
        return quota == null ? words
                : words + " (" + line(quota) + "; the budget renews at " + quota.renewsAt() + ")";
    }
}
