package dev.agentbuilder.chat.server;

/** Threads made the way users make them: a conversation over the WebSocket with the server's model. */
final class Conversations {

    private Conversations() {
    }

    /**
     * One builder turn in the thread (created by it when new): the user's message, then everything up to the builder
     * going idle again, its reply and its changes to the draft stored. Leaves the thread.
     */
    static void converse(TestServer server, String threadId, String userId, String text) {
        converse(server, threadId, userId, text, null);
    }

    /** {@link #converse(TestServer, String, String, String)} on a server that needs a token. */
    static void converse(TestServer server, String threadId, String userId, String text, String token) {
        WsRecorder client = WsRecorder.connect(server.url(threadId, userId) + (token == null ? "" : "&token="
                + token));
        long stored = client.expect("ready").get("lastSeq").getAsLong();
        for (long seq = 1; seq <= stored; seq++) {
            client.nextFrame();
        }
        client.sendUserMessage(text, null);
        client.expect("ack");
        client.framesThrough(f -> f.get("type").getAsString().equals("status")
                && f.get("state").getAsString().equals("idle"));
        client.close();
    }
}
