package dev.agentbuilder.chat.server.internal.wire;

import dev.agentbuilder.chat.core.AgentChanges;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadLimits;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.core.TokenQuota;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireCitation;
import dev.agentbuilder.chat.protocol.WireFile;
import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.Citation;
import java.util.List;
import dev.agentbuilder.chat.protocol.WireAgentChanges;
import dev.agentbuilder.chat.protocol.WireLimits;
import dev.agentbuilder.chat.protocol.WireMessage;
import dev.agentbuilder.chat.protocol.WireQuota;
import dev.agentbuilder.chat.protocol.WireThread;
import dev.agentbuilder.chat.protocol.WireUsage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one place where chat-core's values become protocol v1 frames and objects, for the WebSocket (the transport) and
 * the HTTP API alike, so that a message or a thread reads the same on both. Stateless.
 */
public final class FrameMapper {

    /**
     * Times with exactly three fraction digits, as the protocol says: {@link Instant#toString} leaves them out at a
     * whole second (one message in a thousand), so a client that reads the documented form would trip on it.
     */
    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private FrameMapper() {
    }

    public static ServerFrame ready(ThreadSnapshot snapshot, String connectionId) {
        ThreadLimits limits = snapshot.limits();
        return new ServerFrame.Ready(snapshot.threadId(), snapshot.userId(), connectionId, snapshot.lastSeq(),
                agent(snapshot.agent()), state(snapshot.status()), snapshot.reset(),
                new WireLimits(limits.messageChars(), limits.nameChars(), limits.descriptionChars(),
                        limits.instructionsChars(), limits.conversationStarters(), limits.conversationStarterChars(),
                        limits.fileBytes() > 0 ? limits.fileBytes() : null,
                        limits.fileBytes() > 0 ? limits.files() : null),
                quota(snapshot.quota()));
    }

    /** Where the user stands against the daily token budget; null (left out) without one. */
    public static WireQuota quota(TokenQuota quota) {
        return quota == null ? null : new WireQuota(quota.used(), quota.limit(), time(quota.renewsAt()));
    }

    public static ServerFrame event(ThreadEvent event) {
        if (event instanceof MessageAdded added) {
            return new ServerFrame.Message(added.seq(), message(added.message()));
        }
        if (event instanceof AgentUpdated updated) {
            return new ServerFrame.AgentUpdated(updated.seq(), agent(updated.agent()), updated.source().id());
        }
        if (event instanceof StatusChanged status) {
            return new ServerFrame.Status(state(status.state()));
        }
        if (event instanceof AssistantDelta delta) {
            return new ServerFrame.AssistantDelta(delta.messageId(), delta.delta(), channel(delta.channel()),
                    citations(delta.citations()));
        }
        if (event instanceof ThreadEvent.FileStatusChanged changed) {
            return new ServerFrame.FileStatus(file(changed.file()));
        }
        if (event instanceof TurnFailed failed) {
            return new ServerFrame.ErrorFrame(code(failed.code()), failed.message(), failed.clientMessageId());
        }
        throw new IllegalArgumentException("no frame for event " + event.getClass().getName());
    }

    public static ServerFrame submitResult(SubmitResult result) {
        if (result instanceof SubmitResult.Accepted a) {
            return new ServerFrame.Ack(a.clientMessageId(), a.messageId(), a.seq(), a.duplicate());
        }
        if (result instanceof SubmitResult.VersionConflict c) {
            return new ServerFrame.ErrorFrame(ErrorCodes.VERSION_CONFLICT, c.message(), c.clientMessageId(),
                    c.currentVersion());
        }
        if (result instanceof SubmitResult.QuotaExceeded q) {
            return new ServerFrame.ErrorFrame(ErrorCodes.QUOTA_EXCEEDED, q.message(), q.clientMessageId(), null,
                    quota(q.quota()));
        }
        if (result instanceof SubmitResult.Exported e) {
            return new ServerFrame.AgentExport(e.format().id(), e.content(), e.version());
        }
        SubmitResult.Rejected r = (SubmitResult.Rejected) result;
        return new ServerFrame.ErrorFrame(code(r.code()), r.message(), r.clientMessageId());
    }

    public static AgentChanges changes(WireAgentChanges c) {
        return new AgentChanges(c.name(), c.description(), c.instructions(), c.conversationStarters(),
                c.capabilities());
    }

    /** Null for the builder's channel: the field is left out of the frame, as before channels existed. */
    private static String channel(Channel channel) {
        return channel == Channel.BUILDER ? null : channel.id();
    }

    public static String code(ErrorCode code) {
        return switch (code) {
            case INVALID_MESSAGE -> ErrorCodes.INVALID_MESSAGE;
            case MESSAGE_TOO_LONG -> ErrorCodes.MESSAGE_TOO_LONG;
            case BUSY -> ErrorCodes.BUSY;
            case AGENT_ERROR -> ErrorCodes.AGENT_ERROR;
            case FORBIDDEN -> ErrorCodes.FORBIDDEN;
            case INTERNAL -> ErrorCodes.INTERNAL;
            case NOT_FOUND -> ErrorCodes.NOT_FOUND;
            case THREAD_DELETED -> ErrorCodes.THREAD_DELETED;
            case QUOTA_EXCEEDED -> ErrorCodes.QUOTA_EXCEEDED;
        };
    }

    /** The close code that follows a refused join. */
    public static int closeCode(ErrorCode code) {
        return switch (code) {
            case FORBIDDEN -> CloseCodes.FORBIDDEN;
            case THREAD_DELETED -> CloseCodes.THREAD_DELETED;
            default -> CloseCodes.INTERNAL_ERROR;
        };
    }

    /** A thread as a user's list shows it; the same object the HTTP API serves. */
    public static WireThread thread(ThreadInfo info) {
        return new WireThread(info.threadId(), info.title(), time(info.createdAt()), time(info.updatedAt()),
                new WireThread.Agent(info.agentName(), info.agentVersion()), info.lastMessage(), info.messageCount(),
                new WireThread.WireThreadUsage(info.tokens().input(), info.tokens().output()));
    }

    public static WireAgent agent(AgentDraft draft) {
        return new WireAgent(draft.name(), draft.description(), draft.instructions(), draft.conversationStarters(),
                draft.capabilities().stream().map(Capability::id).toList(), draft.version(),
                draft.files().stream().map(FrameMapper::file).toList());
    }

    /** A knowledge file as the protocol's {@code file} object; the same object the HTTP API serves. */
    public static WireFile file(AgentFile f) {
        return new WireFile(f.fileId(), f.name(), f.size(), f.type(), f.status().id(), f.error());
    }

    private static List<WireCitation> citations(List<Citation> citations) {
        return citations.stream().map(c -> new WireCitation(c.fileId(), c.fileName(), c.text(), c.passage(),
                c.start(), c.end(), c.score())).toList();
    }

    public static WireMessage message(ThreadMessage m) {
        return new WireMessage(
                m.id(),
                m.role().name().toLowerCase(Locale.ROOT),
                m.content(),
                time(m.createdAt()),
                m.userId(),
                m.clientMessageId(),
                m.replyTo(),
                m.stopped() ? Boolean.TRUE : null,
                m.usage() == null ? null : new WireUsage(m.usage().inputTokens(), m.usage().outputTokens()),
                channel(m.channel()),
                citations(m.citations()));
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static String state(TurnState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
