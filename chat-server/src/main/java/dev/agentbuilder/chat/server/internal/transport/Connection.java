package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadListener;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.server.ServerOptions;
import dev.agentbuilder.chat.server.internal.ops.ServerMeters;
import dev.agentbuilder.chat.server.internal.wire.FrameMapper;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection joined to one chat thread, or to none (a user connection, for the user's list of threads
 * only): it turns the thread's callbacks into frames. Sending queues
 * bytes for the selector, or writes them to the non-blocking socket at once, so the chat-core threads that call the
 * listener never wait on the network; it knows exactly how many bytes wait for this client
 * ({@link ChatSocket#pendingBytes}), and drops a client that stops reading before its queue can grow without bound.
 *
 * <p>{@link #member} is written once, by the Java-WebSocket worker that opened the connection, before any frame of
 * this connection is read; it is volatile because chat-core threads read it too. The rate limits lock themselves;
 * the pending bytes are counted by the socket.
 */
final class Connection implements ThreadListener {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    final String id;
    final String userId;
    private final ChatSocket socket;
    private final long maxPendingBytes;
    final RateLimits rateLimits;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private volatile ThreadMember member;
    /** The watch of the user's list, if the client asked for one; guarded by the connection's monitor. */
    private ListWatch watch;
    /** Whether the connection's token lets it use its user's list (a token limited to some threads does not). */
    private volatile boolean mayUseItsList = true;
    private final ServerMeters meters;

    Connection(String id, String userId, ChatSocket socket, ServerOptions.Limits limits, ServerMeters meters) {
        this.id = id;
        this.meters = meters;
        this.userId = userId;
        this.socket = socket;
        this.maxPendingBytes = limits.maxPendingBytes();
        this.rateLimits = new RateLimits(this, limits, System.nanoTime());
    }

    void joined(ThreadMember joined) {
        this.member = joined;
    }

    ThreadMember member() {
        return member;
    }

    boolean mayUseItsList() {
        return mayUseItsList;
    }

    void limitToItsThreads() {
        mayUseItsList = false;
    }

    /** Follows the user's list with {@code next}, instead of what it followed before. */
    synchronized void watch(ListWatch next) {
        if (watch != null) {
            watch.stop();
        }
        watch = next;
    }

    /** Stops following the user's list; on close too. */
    synchronized void unwatch() {
        watch(null);
    }

    /**
     * Queues a frame for the selector, which writes all that waits for a client in one system call: for a stream of
     * deltas that is cheaper than a system call per frame from the sending thread (measured: a third fewer frames per
     * second). False when the connection is already closing or closed.
     */
    boolean send(ServerFrame frame) {
        return send(frame, false);
    }

    /** Writes a frame the client waits on (ready, ack, error) from this thread if nothing waits before it. */
    private boolean sendNow(ServerFrame frame) {
        return send(frame, true);
    }

    private boolean send(ServerFrame frame, boolean now) {
        String text = ProtocolCodec.encode(frame);
        if (!(now ? socket.sendNow(text) : socket.sendText(text))) {
            return false;
        }
        meters.frameSent();
        long pending = socket.pendingBytes();
        if (pending > maxPendingBytes) {
            dropSlowConsumer(pending);
        }
        return true;
    }

    /** Bytes queued for this client and not yet written to its socket: a long replay waits on it. */
    @Override
    public long pendingBytes() {
        return socket.pendingBytes();
    }

    private void dropSlowConsumer(long pending) {
        if (!dropped.compareAndSet(false, true)) {
            return;
        }
        meters.slowConsumerClosed();
        log.info("closing connection {}: {} bytes wait for a client that does not read (limit {})", id, pending,
                maxPendingBytes);
        // A close frame would wait behind the backlog the client is not reading: end the TCP connection now. The
        // library's own way to drop a connection, safe from any thread; the unsent queue goes with it.
        socket.closeConnection(CloseCodes.POLICY_VIOLATION, "too much unread data: the client does not read");
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    void close(int code, String reason) {
        socket.close(code, reason);
    }

    @Override
    public void onReady(ThreadSnapshot snapshot) {
        sendNow(FrameMapper.ready(snapshot, id));
    }

    @Override
    public void onEvent(ThreadEvent event) {
        send(FrameMapper.event(event));
    }

    @Override
    public void onSubmitResult(SubmitResult result) {
        sendNow(FrameMapper.submitResult(result));
    }

    @Override
    public void onRefused(ErrorCode code, String message) {
        sendNow(new ServerFrame.ErrorFrame(FrameMapper.code(code), message, null));
        close(FrameMapper.closeCode(code), message);
    }
}
