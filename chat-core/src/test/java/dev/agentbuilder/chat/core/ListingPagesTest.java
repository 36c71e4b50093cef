package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.ThreadCatalog.ThreadPage;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's list read a page at a time shows every thread once, also threads created within the same millisecond (the
 * cursor holds times to the millisecond, as the wire does).
 */
@Timeout(60)
class ListingPagesTest {

    private final ThreadStore store = ThreadStores.inMemory();
    private final ChatEngine engine = ChatEngine.builder().model(new ScriptedModel()).store(store)
            .sessionGrace(Duration.ZERO).build();

    @AfterEach
    void shutDown() {
        engine.shutdown(Duration.ZERO);
    }

    @Test
    void everyThreadIsOnExactlyOnePageEvenWhenManyShareAMillisecond() throws Exception {
        List<String> created = IntStream.range(0, 40).mapToObj(n -> "t" + n).toList();
        for (String threadId : created) {
            store.openThread(threadId, "alice"); // a tight loop: several in each millisecond
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            ThreadPage page = engine.threads().list("alice", null, cursor, 3).get(10, TimeUnit.SECONDS);
            page.threads().forEach(t -> listed.add(t.threadId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(created);
    }
}
