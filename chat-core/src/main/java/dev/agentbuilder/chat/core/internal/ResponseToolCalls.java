package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.core.BuilderTools.Applied;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tool calls of one model response, each run once on the draft ({@link BuilderTools#apply}), as soon as it has
 * streamed completely, so the draft changes while the model is still answering; when the response is complete its
 * tool calls are matched with those already run (by position and content) and the rest are run then.
 *
 * <p>Confined to the session's executor.
 */
final class ResponseToolCalls {

    /** A tool call that ran, and what it answered the model. */
    record Ran(ToolExecutionRequest request, Applied result) {
    }

    private AgentDraft draft;
    private final EngineTracer.TurnSpan span;
    private final List<Ran> ran = new ArrayList<>();
    private final List<AgentDraft> unapplied = new ArrayList<>();

    ResponseToolCalls(AgentDraft draft, EngineTracer.TurnSpan span) {
        this.draft = draft;
        this.span = span;
    }

    /** Runs a tool call that streamed completely; its draft change, if any, waits in {@link #takeChanges()}. */
    void run(ToolExecutionRequest request) {
        ran.add(execute(request));
    }

    /**
     * The results for every tool call of the complete response, in its order: those that ran while streaming, and
     * the rest run now. A call is matched by position, name and arguments, not by id: some OpenAI-compatible servers
     * repeat the id in every chunk, and the streamed call and the complete response then carry different ids. Each
     * result takes the complete response's id, the one the chat memory keeps with the call.
     */
    List<Ran> complete(List<ToolExecutionRequest> requests) {
        List<Ran> results = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            boolean alreadyRan = i < ran.size() && sameCall(ran.get(i).request(), request);
            results.add(alreadyRan ? new Ran(request, ran.get(i).result()) : execute(request));
        }
        return results;
    }

    private static boolean sameCall(ToolExecutionRequest streamed, ToolExecutionRequest complete) {
        return Objects.equals(streamed.name(), complete.name())
                && Objects.equals(streamed.arguments(), complete.arguments());
    }

    /** The drafts that successive tool calls made and that are not stored yet, oldest first; then none. */
    List<AgentDraft> takeChanges() {
        List<AgentDraft> changes = List.copyOf(unapplied);
        unapplied.clear();
        return changes;
    }

    private Ran execute(ToolExecutionRequest request) {
        EngineTracer.ToolSpan tool = span.toolCall(request.name(), request.id());
        Applied result;
        try {
            result = BuilderTools.apply(draft, request);
        } catch (RuntimeException e) {
            tool.ended(true);
            throw e;
        }
        tool.ended(result.error());
        if (!result.draft().equals(draft)) {
            draft = result.draft();
            unapplied.add(draft);
        }
        return new Ran(request, result);
    }
}
