package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.langchain4j.memory.ChatMemory;

/**
 * What the parts that change a live thread may do with what was loaded of it ({@link LoadedThread}): its draft, the
 * stored one and the current one ahead of it, its chat memories, and the events this node stored. All of it on the
 * thread's executor.
 */
interface ThreadState {

    /** The current draft: the stored one, or ahead of it while changes are being written. */
    AgentDraft draft();

    /** The newest draft the store acknowledged. */
    AgentDraft storedDraft();

    /** {@code d} with each of its knowledge files' status as last heard (a draft's may be older). */
    AgentDraft withStatusNow(AgentDraft d);

    /** Makes {@code current} the current draft: a change being written, or the draft before a turn that is undone. */
    void setDraft(AgentDraft current);

    /** The changes being written were not stored: the current draft is the stored one again. */
    void draftNotStored();

    /** A stored event of this node: the thread's seq and stored draft move on. */
    void stored(StoredEvent event);

    /** The chat memory of one of the thread's conversations. */
    ChatMemory memory(Channel channel);

    /** The chat memories changed since the turn's last write, for its next one. */
    ChatMemories takeMemoryChanges();

    /** A turn's write failed: the memories it carried go with the next one. */
    void memoryNotWritten();

    /**
     * Under a freshly taken shared lease: the draft and chat memory as the store has them now. Memory this node had
     * not written belongs to a turn that lost the lease: it is dropped with the memories it was kept in.
     */
    void reloadUnderLease();

    /**
     * Under a shared lease, before a turn or after the builder's changes lost to a change by hand: the draft as the
     * store has it now (a change by hand may have been made on another node, without the lease). Nothing of this
     * node's is being written then, so the store's draft is the draft. False when the store cannot say.
     */
    boolean refreshDraft();
}
