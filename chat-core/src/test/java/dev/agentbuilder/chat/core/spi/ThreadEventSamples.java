package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.Usage;
import java.time.Instant;
import java.util.List;

/** One of every kind of {@link ThreadEvent}, with every optional field both set and not, for the buses' tests. */
public final class ThreadEventSamples {

    private static final Instant AT = Instant.parse("2026-05-04T10:15:30.123Z");

    private ThreadEventSamples() {
    }

    /** Every kind, several ways, with non-ASCII text; stored events numbered from {@code firstSeq}. */
    public static List<ThreadEvent> everyKind(long firstSeq) {
        AgentDraft draft = AgentDraft.empty().withName("Trip planner ✈").withDescription("Plans trips")
                .withInstructions("Ask where to.\nThen \"plan\".").withStarter("Plan Kyoto 京都")
                .withCapability(Capability.WEB_SEARCH, true).withCapability(Capability.FILE_SEARCH, true);
        return List.of(
                new MessageAdded(firstSeq, ThreadMessage.user("u-1", "héllo 👋 مرحبا", AT, "alice", "c-1")),
                new MessageAdded(firstSeq + 1, ThreadMessage.user("u-2", "", AT, "bob", null)),
                new StatusChanged(TurnState.THINKING),
                new AssistantDelta("a-1", "Hel"),
                new AssistantDelta("a-1", "lo 🌍\n\t\"quoted\" \\ <b>&</b> \u2028"),
                new MessageAdded(firstSeq + 2,
                        ThreadMessage.assistant("a-1", "Hello 🌍", AT, "u-1", false, new Usage(12, 34))),
                new AgentUpdated(firstSeq + 3, draft),
                new AgentUpdated(firstSeq + 4, AgentDraft.empty()),
                new MessageAdded(firstSeq + 5, ThreadMessage.assistant("a-2", "", AT, "u-2", true, null)),
                new TurnFailed("u-3", "c-3", ErrorCode.AGENT_ERROR, "The model did not answer."),
                new TurnFailed(null, null, ErrorCode.INTERNAL, "Something failed."),
                new StatusChanged(TurnState.IDLE));
    }
}
