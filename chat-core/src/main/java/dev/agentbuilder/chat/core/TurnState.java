package dev.agentbuilder.chat.core;

/** Whether the agent builder is working on a reply in a thread. */
public enum TurnState {
    IDLE,
    THINKING
}
