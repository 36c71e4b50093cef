/**
 * The Java client of the chat server's protocol v1: {@link dev.agentbuilder.chat.client.ChatClient}, its
 * {@link dev.agentbuilder.chat.client.ChatClientListener} and the
 * {@link dev.agentbuilder.chat.client.ConnectionStatus} it reports. Frames are chat-protocol's records. Everything in
 * {@code dev.agentbuilder.chat.client.internal} is the implementation: no other module may use it (the build checks).
 */
package dev.agentbuilder.chat.client;
