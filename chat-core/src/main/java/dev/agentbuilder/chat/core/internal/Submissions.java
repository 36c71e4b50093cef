package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.TokenQuota;
import dev.agentbuilder.chat.core.spi.ThreadStore.UserMessageAppend;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's user messages on their way in: the checks (rules, a resent clientMessageId, the queue's limit), the
 * write, and the answer to the member (an ack once stored, or the error), after which the message is the turns'.
 *
 * <p>Confined to the session's executor. Stateless beyond its parts.
 */
final class Submissions {

    private static final Logger log = LoggerFactory.getLogger(Submissions.class);

    private final String threadId;
    private final EngineConfig config;
    private final Scheduler scheduler;
    private final WriteGate gate;
    private final ThreadState state;
    private final Publisher publisher;
    private final TurnQueue turns;

    Submissions(String threadId, EngineConfig config, Scheduler scheduler, WriteGate gate, ThreadState state,
            Publisher publisher, TurnQueue turns) {
        this.threadId = threadId;
        this.config = config;
        this.scheduler = scheduler;
        this.gate = gate;
        this.state = state;
        this.publisher = publisher;
        this.turns = turns;
    }

    void submit(Member member, String content, String clientMessageId, Channel channel) {
        Optional<SubmitResult.Rejected> invalid =
                MessageRules.check(content, clientMessageId, config.maxMessageChars());
        if (invalid.isPresent()) {
            member.reply(invalid.get());
            return;
        }
        // A resend is acknowledged without a turn (even when busy): its turn would call the model for nothing.
        if (answeredAsDuplicate(member, clientMessageId, "message")) {
            return;
        }
        if (turns.waiting() >= config.maxQueuedTurns() && (turns.running() || turns.waiting() > 0)) {
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.BUSY, "The builder is still working on "
                    + (turns.waiting() + 1) + " earlier message(s). Send this again when it is idle."));
            return;
        }
        if (refusedForQuota(member, clientMessageId)) {
            return;
        }
        ThreadMessage message = ThreadMessage.user(Stamps.newId(), content, Stamps.now(config.clock()),
                member.userId(), clientMessageId, channel);
        gate.storing(message.id());
        turns.add(message);
        gate.whenWritten(() -> config.store().appendUserMessage(threadId, message), true,
                (append, failure) -> written(member, message, append, failure));
        // Not here: this may be the urgent lane, and starting a turn calls the model, which can take a while.
        scheduler.execute(turns::startNext);
    }

    /**
     * True when the thread holds an event under {@code clientMessageId} already, or the store could not say: the
     * member has been answered (a duplicate's ack, or an error) and the request is done.
     */
    boolean answeredAsDuplicate(Member member, String clientMessageId, String what) {
        if (clientMessageId == null) {
            return false;
        }
        Optional<StoredEvent> original;
        try {
            original = config.store().findByClientMessageId(threadId, clientMessageId);
        } catch (ChatException e) {
            log.warn("could not look up a {} in thread {}", what, threadId, e);
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.INTERNAL,
                    "Your " + what + " could not be stored. Please send it again."));
            return true;
        }
        original.ifPresent(event -> member.reply(accepted(clientMessageId, event, true)));
        return original.isPresent();
    }

    /**
     * True when the member's tokens for the day are spent, or the store could not say: the member has been answered,
     * and nothing is stored. The member is the thread's owner (a join checks it), whose budget the turn would spend.
     */
    private boolean refusedForQuota(Member member, String clientMessageId) {
        TokenQuota quota;
        try {
            quota = config.quota(member.userId());
        } catch (ChatException e) {
            log.warn("could not read the tokens used in thread {}", threadId, e);
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.INTERNAL,
                    "Your message could not be stored. Please send it again."));
            return true;
        }
        if (quota == null || !quota.spent()) {
            return false;
        }
        config.observer().quotaRefused();
        member.reply(new SubmitResult.QuotaExceeded(clientMessageId, quota));
        return true;
    }

    private void written(Member member, ThreadMessage message, UserMessageAppend append, Throwable failure) {
        if (failure != null) {
            log.warn("could not store a message in thread {}", threadId, failure);
            member.reply(new SubmitResult.Rejected(message.clientMessageId(), ErrorCode.INTERNAL,
                    "Your message could not be stored. Please send it again."));
            turns.forget(message);
            return;
        }
        member.reply(accepted(message.clientMessageId(), append.event(), append.duplicate()));
        if (append.duplicate() || !(append.event() instanceof MessageAdded)) {
            // Resent while the original was being stored: the original's turn answers it.
            turns.forget(message);
            return;
        }
        state.stored(append.event());
        publisher.publish(append.event());
        turns.stored(message);
        if (turns.shared()) {
            scheduler.execute(turns::startNext);
        }
    }

    static SubmitResult.Accepted accepted(String clientMessageId, StoredEvent event, boolean duplicate) {
        String messageId = event instanceof MessageAdded added ? added.message().id() : null;
        return new SubmitResult.Accepted(clientMessageId, messageId, event.seq(), duplicate);
    }
}
