/** The Java client of the chat server's protocol v1. */
package dev.agentbuilder.chat.client;
