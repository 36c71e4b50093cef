package dev.agentbuilder.chat.server;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.knowledge.Knowledge;

/** Engines with knowledge files, as the command builds them: chat-knowledge's reader and in-process embeddings. */
final class Knowledgeable {

    private Knowledgeable() {
    }

    static ChatEngine.Builder engine(ChatEngine.Builder builder) {
        return builder.knowledge(Knowledge.reader(), Knowledge.embeddings(), Knowledge.MIN_SCORE);
    }
}
