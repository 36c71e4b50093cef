package dev.agentbuilder.chat.server.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;

/**
 * A connection's socket as Java-WebSocket's selector uses it, with three additions:
 * <ul>
 *   <li>it writes the frames waiting for a client in one system call ({@link #write});</li>
 *   <li>it counts the bytes written to the client after the handshake, for {@link ChatSocket#pendingBytes};</li>
 *   <li>it empties the selector's selected-key set once per select round. Java-WebSocket 1.6.0 removes a selected
 *       key from that set only when it read data from it, so every connection it ever wrote to without reading since
 *       stays there and is visited again (a no-op write and an {@code interestOps} call) on every round of the
 *       selector, which every send wakes: with thousands of connections each connect cost more than the one before,
 *       and 10,000 took 5 times as long as Node. Epoll reports readiness level-triggered, so a key whose channel is
 *       still ready is selected again in the next round; dropping the stale ones loses nothing. The set is cleared
 *       where the library calls back after it has visited every key: {@link #readMore}, which it calls for the
 *       connections that said {@link #isNeedRead} after a read.</li>
 * </ul>
 *
 * <p>Confined to the selector thread, except {@link #written}, which is atomic, and {@link #writeNow}, which
 * {@link ChatSocket} calls from a sending thread under its write lock, only while the library's queue is empty (so
 * the selector has nothing to write). The gather array is shared by every connection of the server, all confined to
 * its one selector thread.
 */
final class CountingChannel implements WrappedByteChannel {

    private final SocketChannel channel;
    private final SelectionKey key;
    /** The first buffer written: the handshake response, which is not a frame and is not counted; until written. */
    private ByteBuffer handshake;
    private boolean handshakeSeen;
    /** Bytes written after the handshake; a field updater, not an object, as it is one per connection. */
    private volatile long written;
    private static final AtomicLongFieldUpdater<CountingChannel> WRITTEN =
            AtomicLongFieldUpdater.newUpdater(CountingChannel.class, "written");
    private boolean readSinceRound;
    /**
     * The buffers of one gathering write, emptied after each: one array for all the connections of a server, since
     * one selector thread writes them all (a connection holds no array of its own; it costs heap per connection).
     */
    private final ByteBuffer[] gather;

    CountingChannel(SocketChannel channel, SelectionKey key, ByteBuffer[] gather) {
        this.channel = channel;
        this.key = key;
        this.gather = gather;
    }

    long written() {
        return written;
    }

    /**
     * Writes a frame from a sending thread, the library's queue being empty; true when all of it was written. A
     * failure is left to the selector: the frame is queued, and the selector meets the same failure and closes the
     * connection the library's way.
     */
    boolean writeNow(ByteBuffer frame) {
        try {
            WRITTEN.addAndGet(this, channel.write(frame));
        } catch (IOException e) {
            return false;
        }
        return !frame.hasRemaining();
    }

    /**
     * Reads; a connection the client reset reads as its end, so that Java-WebSocket closes it through
     * {@link ChatSocket#eot} rather than by an exception that ends its round over the selected keys.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        int read;
        try {
            read = channel.read(dst);
        } catch (IOException e) {
            return -1;
        }
        if (read > 0) {
            readSinceRound = true;
        }
        return read;
    }

    /**
     * Writes {@code src} and, in the same system call, the frames queued behind it. Java-WebSocket writes its queue
     * one buffer per call, and each frame of a streamed reply is a buffer of its own: a burst of 50 deltas cost 50
     * system calls. The selector thread, which owns the queue's consuming end, only reads it here; the library then
     * finds the following buffers written and removes them itself.
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!handshakeSeen) {
            handshakeSeen = true;
            handshake = src;
        }
        if (!src.hasRemaining()) {
            return 0;
        }
        if (src == handshake) {
            int n = channel.write(src);
            if (!src.hasRemaining()) {
                // Written: let it go, a held connection should not keep its handshake's bytes.
                handshake = null;
            }
            return n;
        }
        int count = 1;
        gather[0] = src;
        if (key.attachment() instanceof WebSocketImpl socket) {
            for (ByteBuffer queued : socket.outQueue) {
                if (queued == src || !queued.hasRemaining()) {
                    continue;
                }
                gather[count++] = queued;
                if (count == gather.length) {
                    break;
                }
            }
        }
        int before = src.remaining();
        try {
            WRITTEN.addAndGet(this, count == 1 ? channel.write(src) : channel.write(gather, 0, count));
        } finally {
            Arrays.fill(gather, 0, count, null);
        }
        return before - src.remaining();
    }

    @Override
    public boolean isNeedRead() {
        return readSinceRound;
    }

    /** Called by the selector after its round over the selected keys; reads nothing. */
    @Override
    public int readMore(ByteBuffer dst) {
        readSinceRound = false;
        if (key.selector().isOpen()) {
            key.selector().selectedKeys().clear();
        }
        return 0;
    }

    @Override
    public boolean isNeedWrite() {
        return false;
    }

    @Override
    public void writeMore() {
        // Nothing is buffered here.
    }

    @Override
    public boolean isBlocking() {
        return channel.isBlocking();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
