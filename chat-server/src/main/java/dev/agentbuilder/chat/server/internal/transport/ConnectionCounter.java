package dev.agentbuilder.chat.server.internal.transport;

import java.util.HashMap;
import java.util.Map;

/**
 * Open connections, in total and per userId, against their limits.
 *
 * <p>Thread-safe: guarded by {@code this}; held only for a map update.
 */
final class ConnectionCounter {

    private final int maxTotal;
    private final int maxPerUser;
    private final Map<String, Integer> perUser = new HashMap<>();
    private int total;

    ConnectionCounter(int maxTotal, int maxPerUser) {
        this.maxTotal = maxTotal;
        this.maxPerUser = maxPerUser;
    }

    /** Counts a new connection of {@code userId}; null if it fits, otherwise why not. */
    synchronized String tryAdd(String userId) {
        if (total >= maxTotal) {
            return "The server has too many connections (" + maxTotal + "). Try again later.";
        }
        int mine = perUser.getOrDefault(userId, 0);
        if (mine >= maxPerUser) {
            return "You have too many connections open (" + maxPerUser + "). Close some and try again.";
        }
        perUser.put(userId, mine + 1);
        total++;
        return null;
    }

    synchronized void remove(String userId) {
        Integer mine = perUser.get(userId);
        if (mine == null) {
            return;
        }
        if (mine == 1) {
            perUser.remove(userId);
        } else {
            perUser.put(userId, mine - 1);
        }
        total--;
    }
}
