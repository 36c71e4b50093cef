package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool calls of one model response. Each is run once, as soon as it has streamed completely, so the draft
 * changes while the model is still answering; when the response is complete its tool calls are matched with those
 * already run (by position and content) and the rest are run then.
 *
 * <p>Confined to the session's executor.
 */
final class ResponseTools {

    /** A tool call that ran, and what it answered the model. */
    record Ran(ToolExecutionRequest request, ToolBox.Result result) {
    }

    private final ToolBox box;
    private final List<Ran> ran = new ArrayList<>();
    private final List<AgentDraft> unapplied = new ArrayList<>();

    ResponseTools(String threadId, AgentDraft draft) {
        this.box = new ToolBox(threadId, draft);
    }

    /** Runs a tool call that streamed completely; its draft change, if any, waits in {@link #takeChanges()}. */
    void run(ToolExecutionRequest request) {
        ran.add(execute(request));
    }

    /**
     * The results for every tool call of the complete response, in its order: those that ran while streaming, and
     * the rest run now.
     */
    List<Ran> complete(List<ToolExecutionRequest> requests) {
        List<Ran> results = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            boolean alreadyRan = i < ran.size() && ran.get(i).request().equals(request);
            results.add(alreadyRan ? ran.get(i) : execute(request));
        }
        return results;
    }

    /** The drafts that successive tool calls made and that are not stored yet, oldest first; then none. */
    List<AgentDraft> takeChanges() {
        List<AgentDraft> changes = List.copyOf(unapplied);
        unapplied.clear();
        return changes;
    }

    private Ran execute(ToolExecutionRequest request) {
        AgentDraft before = box.draft();
        ToolBox.Result result = box.execute(request);
        AgentDraft after = box.draft();
        if (!after.equals(before)) {
            unapplied.add(after);
        }
        return new Ran(request, result);
    }
}
