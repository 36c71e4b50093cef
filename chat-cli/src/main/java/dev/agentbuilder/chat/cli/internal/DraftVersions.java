package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every version of a thread's draft from the server: a one-shot connection from seq 0 (as {@code chat-cli
 * history} makes), keeping the {@code agent_updated} events of the replay. Blocks the caller's thread.
 */
final class DraftVersions {

    private DraftVersions() {
    }

    /**
     * The thread's {@code agent_updated} events, oldest first.
     *
     * @throws ExitException when the server cannot be reached, refuses, or does not answer within {@code timeout}
     */
    static List<ServerFrame.AgentUpdated> fetch(Target target, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<ServerFrame.AgentUpdated> events = new ArrayList<>();
        try (OneShot shot = OneShot.open(target, deadline, timeout)) {
            long lastSeq = shot.ready().lastSeq();
            long seq = 0;
            while (seq < lastSeq) {
                ServerFrame frame = shot.nextFrame(deadline, timeout);
                if (frame instanceof ServerFrame.Message message) {
                    seq = message.seq();
                } else if (frame instanceof ServerFrame.AgentUpdated updated) {
                    seq = updated.seq();
                    events.add(updated);
                }
            }
        }
        return events;
    }
}
