/**
 * The Java client of the chat server's protocol v1: {@link dev.agentbuilder.chat.client.ChatClient} (one thread) and
 * its {@link dev.agentbuilder.chat.client.ChatClientListener}; {@link dev.agentbuilder.chat.client.ThreadListClient}
 * (a user's list of threads: list, search, rename, delete, watch) and its
 * {@link dev.agentbuilder.chat.client.ThreadListListener}; the {@link dev.agentbuilder.chat.client.ConnectionStatus}
 * both report, and the {@link dev.agentbuilder.chat.client.RequestFailedException} their futures fail with. Frames are
 * chat-protocol's records. Everything in {@code dev.agentbuilder.chat.client.internal} is the implementation: no
 * other module may use it (the build checks).
 */
package dev.agentbuilder.chat.client;
