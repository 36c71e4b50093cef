package dev.agentbuilder.chat.examples;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadListener;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * chat-core embedded in a plain Java app: no server, no sockets. It holds a short builder conversation with the
 * offline model and prints the agent draft it produced as JSON.
 *
 * <pre>{@code java -cp examples/target/examples.jar dev.agentbuilder.chat.examples.EmbeddedBuilder}</pre>
 */
public final class EmbeddedBuilder {

    static final List<String> CONVERSATION = List.of(
            "I want an agent that helps me plan trips",
            "Call it Wanderlust",
            "It should always answer in French",
            "Add a conversation starter: Plan a weekend in Rome",
            "Enable web search");

    private EmbeddedBuilder() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> messages = args.length > 0 ? List.of(args) : CONVERSATION;
        System.exit(run(messages, System.out) ? 0 : 1);
    }

    /** Holds the conversation, printing it and then the draft; false when a reply did not come. */
    static boolean run(List<String> messages, PrintStream out) throws InterruptedException {
        try (ChatEngine engine = ChatEngine.builder().model(OfflineBuilderModel.create()).build()) {
            Replies replies = new Replies();
            ThreadMember me = engine.join("embedded-demo", "me", 0, replies);
            for (int i = 0; i < messages.size(); i++) {
                out.println("you> " + messages.get(i));
                me.submit(messages.get(i), "m" + i);
                ThreadMessage reply = replies.next();
                if (reply == null) {
                    out.println("(no reply within 30 s)");
                    return false;
                }
                out.println("builder> " + reply.content());
                out.println();
            }
            me.leave();
            out.println(replies.draft.get().toJson());
            return true;
        }
    }

    /** Collects the assistant replies and the latest draft; callbacks arrive on a chat-core thread. */
    private static final class Replies implements ThreadListener {
        private final BlockingQueue<ThreadMessage> replies = new LinkedBlockingQueue<>();
        private final AtomicReference<AgentDraft> draft = new AtomicReference<>(AgentDraft.empty());

        ThreadMessage next() throws InterruptedException {
            return replies.poll(30, TimeUnit.SECONDS);
        }

        @Override
        public void onReady(ThreadSnapshot snapshot) {
            draft.set(snapshot.agent());
        }

        @Override
        public void onEvent(ThreadEvent event) {
            if (event instanceof ThreadEvent.AgentUpdated updated) {
                draft.set(updated.agent());
            } else if (event instanceof ThreadEvent.MessageAdded added && added.message().role() == Role.ASSISTANT) {
                replies.add(added.message());
            }
        }

        @Override
        public void onSubmitResult(SubmitResult result) {
            if (result instanceof SubmitResult.Rejected rejected) {
                System.err.println("refused: " + rejected.message());
            }
        }

        @Override
        public void onRefused(ErrorCode code, String message) {
            System.err.println("could not join: " + message);
        }
    }
}
