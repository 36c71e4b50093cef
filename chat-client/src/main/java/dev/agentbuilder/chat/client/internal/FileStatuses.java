package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The furthest status seen of each knowledge file, by fileId: {@code ready} and {@code failed} beat {@code indexing},
 * because an {@code agent} object carries each file's status as it was when it was made (a replayed
 * {@code agent_updated} still says {@code indexing} for a file long ready), while {@code file_status} and {@code ready}
 * carry it as it is. It decides which of them is news for the app.
 *
 * <p>Confined to the client's thread.
 */
final class FileStatuses {

    static final String INDEXING = "indexing";

    private final Map<String, String> furthest = new HashMap<>();

    /**
     * A {@code file_status}: whether it moves the file further than seen (or is the first word of it). A repeat, or an
     * {@code indexing} after {@code ready}, is not news.
     */
    boolean changed(WireFile file) {
        return advance(file);
    }

    /**
     * The files of a {@code ready}'s agent (the statuses as they are now) whose status moved past what was seen, most
     * likely while the client was away, when live {@code file_status} frames are lost: these are the news. Files not
     * seen before are noted, and not news: the agent itself tells the app of them.
     */
    List<WireFile> joined(WireAgent agent) {
        List<WireFile> news = new ArrayList<>();
        for (WireFile file : files(agent)) {
            boolean known = furthest.containsKey(file.fileId());
            if (advance(file) && known) {
                news.add(file);
            }
        }
        return news;
    }

    /** An {@code agent_updated}: notes the files it names, which may be new; an older status in it changes nothing. */
    void updated(WireAgent agent) {
        files(agent).forEach(this::advance);
    }

    /** The server's thread restarted ({@code ready.reset}): what was seen of it is forgotten. */
    void reset() {
        furthest.clear();
    }

    private boolean advance(WireFile file) {
        if (file == null || file.fileId() == null || file.status() == null) {
            return false;
        }
        String seen = furthest.get(file.fileId());
        if (file.status().equals(seen) || (seen != null && !INDEXING.equals(seen))) {
            // A final status is final: a file goes from indexing to ready or failed once.
            return false;
        }
        furthest.put(file.fileId(), file.status());
        return true;
    }

    private static List<WireFile> files(WireAgent agent) {
        return agent == null ? List.of() : agent.filesOrEmpty();
    }
}
