package dev.agentbuilder.chat.server.internal.transport;

import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.TextFrame;
import org.java_websocket.server.WebSocketServer;

/**
 * One server-side WebSocket, as Java-WebSocket's {@link WebSocketImpl} with four changes:
 * <ul>
 *   <li>it knows exactly how many bytes wait for its client: every frame it queues is counted here, on the sending
 *       thread, and every byte written is counted by its {@link CountingChannel}, on the selector thread, so nobody
 *       walks the library's queue from a thread that does not own it;</li>
 *   <li>text frames skip {@code WebSocketImpl.write}, which (in 1.6.0) decodes every outgoing frame of up to 1,000
 *       bytes into a String for a trace message, whether or not trace is on. The frame is built by the connection's
 *       own draft and queued exactly as that method queues it, minus the message.</li>
 *   <li>a frame that should leave at once ({@link #sendNow}: {@code ready}, acks, errors) is written to the socket
 *       by the sending thread itself when nothing waits before it, instead of a round trip through the selector
 *       thread (queue, change the key's interest, wake the selector, write, change the interest back). The socket is
 *       non-blocking, so the sending thread never waits: whatever does not fit is queued as usual.</li>
 *   <li>a connection its client closed is closed off the selector thread ({@link #eot}).</li>
 * </ul>
 *
 * <p>Thread-safe: any thread may send. {@link #writeLock} orders every addition to the library's queue with the
 * writes made here, so that a frame written here never passes, or cuts into, one queued before it; {@link #queued}
 * and the channel's count are atomic.
 */
final class ChatSocket extends WebSocketImpl {

    private final WebSocketServer server;
    /** Where connections whose client went away are closed: see {@link #eot}. */
    private final Executor closer;
    /**
     * 1 once {@link #eot} has handed the close on. Counters here are field updaters, not objects: one per connection.
     */
    private volatile int endOfStream;
    private static final AtomicIntegerFieldUpdater<ChatSocket> END_OF_STREAM =
            AtomicIntegerFieldUpdater.newUpdater(ChatSocket.class, "endOfStream");
    /** Bytes of frames queued or written since the handshake. */
    private volatile long queued;
    private static final AtomicLongFieldUpdater<ChatSocket> QUEUED =
            AtomicLongFieldUpdater.newUpdater(ChatSocket.class, "queued");
    /**
     * Held while a frame is added to the library's queue (ours and the library's own control frames) and while a
     * frame is written directly: a direct write happens only when that queue is empty, and the rest of a frame
     * written in part joins the queue before anything else can.
     */
    private final Object writeLock = new Object();
    /** The written count when {@link #rearmIfStalled} last looked; confined to the one thread that calls it. */
    private long writtenAtLastCheck = -1;

    ChatSocket(WebSocketServer server, List<Draft> drafts, Executor closer) {
        super(server, drafts);
        this.server = server;
        this.closer = closer;
    }

    /**
     * The client closed its end (or reset it: {@link CountingChannel#read} reports that as the end too). Java-WebSocket
     * 1.6.0 closes the connection here, on its selector thread, in the middle of its loop over the selected keys: the
     * close cancels the key, the loop then asks the cancelled key {@code isWritable()}, which throws, and the rest of
     * that round's keys wait for the next round. When thousands of clients leave at once every round closed one
     * connection: 10,000 took 3 s, and a storm of new clients meanwhile took twice as long. The close runs on
     * another thread instead. Until it has, the selector would read the end of stream again on every round (three
     * times per client when hundreds leave at once), so the key stops asking for reads; a write asked for meanwhile
     * asks for them again, which changes nothing.
     */
    @Override
    public void eot() {
        if (!END_OF_STREAM.compareAndSet(this, 0, 1)) {
            return;
        }
        SelectionKey key = getSelectionKey();
        if (key != null) {
            try {
                key.interestOps(0);
            } catch (CancelledKeyException e) {
                // Already closed.
            }
        }
        try {
            closer.execute(super::eot);
        } catch (RejectedExecutionException e) {
            // The server is stopping: close here, the old way.
            super.eot();
        }
    }

    /** Queues one text frame for the selector to write; false when the connection is closing or closed. */
    boolean sendText(String text) {
        return send(text, false);
    }

    /**
     * Writes one text frame from this thread if nothing waits before it, else queues it; false when the connection
     * is closing or closed. For the frames a client waits on (an ack, {@code ready}): one system call on this thread
     * instead of a round trip through the selector, which a burst of other connections' frames may be keeping busy.
     */
    boolean sendNow(String text) {
        return send(text, true);
    }

    private boolean send(String text, boolean now) {
        if (!isOpen()) {
            return false;
        }
        ByteBuffer bytes = frame(text);
        synchronized (writeLock) {
            if (!isOpen()) {
                return false;
            }
            QUEUED.addAndGet(this, bytes.remaining());
            if (now && !hasBufferedData() && getChannel() instanceof CountingChannel channel
                    && channel.writeNow(bytes)) {
                return true;
            }
            outQueue.add(bytes);
        }
        return demandWrite();
    }

    /** Asks the selector to write this connection's queue; false when the server has stopped meanwhile. */
    private boolean demandWrite() {
        try {
            server.onWriteDemand(this);
            return true;
        } catch (ClosedSelectorException e) {
            // The server stopped between the check and the write: the frame can no longer leave.
            return false;
        }
    }

    /**
     * Frames, counts and queues {@code text} without asking the selector to write it: the state a lost write demand
     * leaves, which {@code LostWriteDemandTest} stages for {@link #rearmIfStalled}.
     */
    void enqueue(String text) {
        ByteBuffer bytes = frame(text);
        synchronized (writeLock) {
            QUEUED.addAndGet(this, bytes.remaining());
            outQueue.add(bytes);
        }
    }

    private ByteBuffer frame(String text) {
        TextFrame frame = new TextFrame();
        frame.setPayload(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        return getDraft().createBinaryFrame(frame);
    }

    /** As {@link #sendText}: a frame for a connection that is closing is dropped, not an exception. */
    @Override
    public void send(String text) {
        sendText(text);
    }

    /** Control frames (close, ping, pong) go the library's way, in order with ours; they are counted too. */
    @Override
    public void sendFrame(Framedata frame) {
        synchronized (writeLock) {
            QUEUED.addAndGet(this, frameBytes(frame.getPayloadData().remaining()));
            super.sendFrame(frame);
        }
    }

    @Override
    public void sendFrame(Collection<Framedata> frames) {
        synchronized (writeLock) {
            for (Framedata frame : frames) {
                QUEUED.addAndGet(this, frameBytes(frame.getPayloadData().remaining()));
            }
            super.sendFrame(frames);
        }
    }

    /**
     * Asks the selector again to write this connection's queue if bytes wait and none were written since the last
     * call. Java-WebSocket 1.6.0 can lose a write demand: when the selector finishes a queue it sets the key's interest
     * back to reading, and a frame queued just before that call (after its last look at the queue) keeps its demand
     * only if another frame follows. The last frame of a reply, often {@code status: idle}, would then wait for the
     * next ping, up to 30 seconds. Called periodically, from one thread.
     *
     * @return whether the demand was renewed
     */
    boolean rearmIfStalled() {
        if (!(getChannel() instanceof CountingChannel channel) || !isOpen()) {
            return false;
        }
        long written = channel.written();
        boolean stalled = queued > written && written == writtenAtLastCheck;
        writtenAtLastCheck = written;
        return stalled && demandWrite();
    }

    /** Bytes queued for the client and not yet written to its socket. */
    long pendingBytes() {
        return getChannel() instanceof CountingChannel channel ? queued - channel.written() : 0;
    }

    /** The size of an unmasked frame with this payload, as Draft_6455 frames it. */
    static long frameBytes(int payload) {
        int lengthBytes = payload <= 125 ? 0 : payload <= 0xFFFF ? 2 : 8;
        return 2L + lengthBytes + payload;
    }
}
