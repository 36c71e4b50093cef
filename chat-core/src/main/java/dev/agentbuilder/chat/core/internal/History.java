package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.StoredEvent;
import java.util.List;

/** A live thread's stored events, as the members' replays and gap fills read them: on the thread's executor. */
interface History {

    /** At most {@code limit} stored events after {@code afterSeq}, read from the store now; blocks on the read. */
    List<StoredEvent> history(long afterSeq, int limit);
}
