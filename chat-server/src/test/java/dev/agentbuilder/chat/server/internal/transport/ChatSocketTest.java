package dev.agentbuilder.chat.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Role;
import org.java_websocket.framing.PingFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatSocketTest {

    /** Control frames are counted by formula; the library's own framing is the reference. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 1_000_000})
    void aFrameIsCountedAsManyBytesAsTheLibraryWritesForIt(int payload) {
        Draft_6455 draft = new Draft_6455(List.of(), Integer.MAX_VALUE);
        draft.setParseMode(Role.SERVER);
        PingFrame frame = new PingFrame();
        frame.setPayload(ByteBuffer.allocate(payload));

        ByteBuffer written = draft.createBinaryFrame(frame);

        assertThat(ChatSocket.frameBytes(payload)).isEqualTo(written.remaining());
    }
}
