package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client written against the raw socket, for what a real client library will not send: broken request
 * lines, invalid UTF-8, clients that never read. It reads the server's (unmasked) frames one at a time.
 */
public final class RawClient implements AutoCloseable {

    /** A frame from the server: its opcode and payload. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            assertThat(opcode).as("a close frame").isEqualTo(0x8);
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawClient upgrade(int port, String pathAndQuery) throws IOException {
        return upgrade(port, pathAndQuery, 0);
    }

    /**
     * Connects and upgrades; a positive {@code receiveBuffer} shrinks the socket's receive buffer first, for clients
     * that stop reading.
     */
    public static RawClient upgrade(int port, String pathAndQuery, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout((int) WsRecorder.TIMEOUT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream raw = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b < 0) {
                socket.close();
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return new RawClient(socket);
    }

    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Sends one masked frame with this opcode and payload, as a client must. */
    void sendFrame(int opcode, byte[] payload) throws IOException {
        sendBytes(maskedFrame(0x80 | opcode, payload));
    }

    /** Sends bytes as they are, for frames no correct client would build. */
    void sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Builds one masked client frame: the first byte (FIN, RSV and opcode bits) as given. */
    static byte[] maskedFrame(int firstByte, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        out.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        return out.toByteArray();
    }

    /** Reads frames until a close frame, and returns its code. */
    int awaitCloseCode() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == 0x8) {
                return frame.closeCode();
            }
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
