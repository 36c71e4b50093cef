package dev.agentbuilder.chat.offline.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.Objects;

/**
 * One tool call of the previous response and what came of it.
 *
 * @param request the call as this model sent it
 * @param result  the tool's result text, for example the reason it failed
 * @param failed  whether the change was not applied
 */
record ToolOutcome(ToolExecutionRequest request, String result, boolean failed) {

    ToolOutcome {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(result, "result");
    }

    String tool() {
        return request.name() == null ? "" : request.name();
    }

    String argument() {
        return ToolRequests.argument(request).strip();
    }

    /** The failure reason without the "Error:" prefix tool runners like to add. */
    String reason() {
        String r = result.strip().replaceFirst("(?i)^error\\s*:\\s*", "");
        return r.isEmpty() ? "the tool gave no reason" : r;
    }
}
