package dev.agentbuilder.chat.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.spi.KnowledgeStore;
import dev.agentbuilder.chat.core.spi.KnowledgeStore.Chunk;
import dev.agentbuilder.chat.core.spi.KnowledgeStore.FileRef;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every store's {@link KnowledgeStore} must do: a thread's files with their bytes, kept byte for byte and listed
 * oldest first, the bytes a user's threads hold, removal, indexing that stores a file's passages and makes it ready at
 * once (or stores nothing), failure with its reason, passages read in file and passage order with their vectors bit for
 * bit, claims, the files a crash left unindexed, and a thread's deletion taking its files with it. A store's test
 * extends this and says how to get an empty store, whether it is durable, and whether it keeps claims.
 */
@Timeout(60)
public abstract class KnowledgeStoreContract {

    private static final Duration LONG = Duration.ofMinutes(5);

    private final List<ThreadStore> open = new ArrayList<>();

    /** A store over empty storage, the same storage for every call within one test. */
    protected abstract ThreadStore openStore();

    /** Whether a store opened again over the same storage finds what an earlier one stored. */
    protected abstract boolean durable();

    /**
     * Whether the store holds a claim against other nodes until it expires, and lists the files a crash left
     * unindexed. A store of one process may do neither: by default, only a store several nodes share.
     */
    protected boolean keepsClaims(ThreadStore store) {
        return store.cluster().isPresent();
    }

    protected final ThreadStore store() {
        ThreadStore store = openStore();
        open.add(store);
        return store;
    }

    @AfterEach
    void closeAll() {
        List.copyOf(open).forEach(ThreadStore::close);
        open.clear();
    }

    @Test
    protected void aFileForAThreadThatDoesNotExistIsRefusedAndNothingIsStored() {
        ThreadStore store = store();
        KnowledgeStore knowledge = store.knowledge();

        assertThat(knowledge.add("t-none", file("f-1", 3), bytes(3, 1)).join()).isFalse();

        assertThat(knowledge.files("t-none")).isEmpty();
        assertThat(knowledge.file("t-none", "f-1")).isEmpty();
        assertThat(knowledge.content("t-none", "f-1")).isEmpty();
        assertThat(knowledge.bytesOfUser("alice")).isZero();
    }

    @Test
    protected void aThreadsFilesAreListedOldestFirstWhileTheyAreIndexed() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();
        for (String id : List.of("f-c", "f-a", "f-b")) {
            assertThat(knowledge.add("t1", file(id, 10), bytes(10, 2)).join()).isTrue();
        }

        assertThat(knowledge.files("t1")).containsExactly(file("f-c", 10), file("f-a", 10), file("f-b", 10));
        assertThat(knowledge.file("t1", "f-a")).contains(file("f-a", 10));
        assertThat(knowledge.file("t1", "f-none")).isEmpty();
        assertThat(knowledge.files("t-other")).isEmpty();
    }

    @Test
    protected void aFilesBytesComeBackByteForByteLargeOrEmpty() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();
        byte[] large = bytes(3 * 1024 * 1024 + 7, 3);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        knowledge.add("t1", file("f-large", large.length), large).join();
        knowledge.add("t1", file("f-every", 256), everyByte).join();
        knowledge.add("t1", file("f-empty", 0), new byte[0]).join();

        assertThat(knowledge.content("t1", "f-large")).hasValueSatisfying(b -> assertThat(b).isEqualTo(large));
        assertThat(knowledge.content("t1", "f-every")).hasValueSatisfying(b -> assertThat(b).isEqualTo(everyByte));
        assertThat(knowledge.content("t1", "f-empty")).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(knowledge.content("t1", "f-none")).isEmpty();
    }

    @Test
    protected void aUsersBytesAreTheSizesOfTheFilesOfAllTheirThreadsAndOfNoOneElses() {
        ThreadStore store = store();
        store.openThread("t-a1", "alice");
        store.openThread("t-a2", "alice");
        store.openThread("t-b", "bob");
        KnowledgeStore knowledge = store.knowledge();
        knowledge.add("t-a1", file("f-1", 100), bytes(100, 4)).join();
        knowledge.add("t-a1", file("f-2", 50), bytes(50, 5)).join();
        knowledge.add("t-a2", file("f-1", 25), bytes(25, 6)).join();
        knowledge.add("t-b", file("f-1", 1000), bytes(1000, 7)).join();

        assertThat(knowledge.bytesOfUser("alice")).isEqualTo(175);
        assertThat(knowledge.bytesOfUser("bob")).isEqualTo(1000);
        assertThat(knowledge.bytesOfUser("carol")).isZero();
    }

    @Test
    protected void aRemovedFileTakesItsBytesAndPassagesWithItAndIsGoneForASecondRemoval() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();
        knowledge.add("t1", file("f-1", 40), bytes(40, 8)).join();
        knowledge.add("t1", file("f-2", 2), bytes(2, 9)).join();
        knowledge.indexed("t1", "f-1", passages("f-1", 3)).join();

        assertThat(knowledge.remove("t1", "f-1").join()).isTrue();

        assertThat(knowledge.files("t1")).containsExactly(file("f-2", 2));
        assertThat(knowledge.file("t1", "f-1")).isEmpty();
        assertThat(knowledge.content("t1", "f-1")).isEmpty();
        assertThat(knowledge.chunks("t1", List.of("f-1"))).isEmpty();
        assertThat(knowledge.bytesOfUser("alice")).isEqualTo(2);
        assertThat(knowledge.remove("t1", "f-1").join()).isFalse();
        assertThat(knowledge.remove("t-none", "f-1").join()).isFalse();
    }

    @Test
    protected void anIndexedFileIsReadyWithItsPassagesAndTheirVectorsBitForBit() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();
        knowledge.add("t1", file("f-1", 500), bytes(500, 10)).join();
        float[] odd = {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 1f / 3, -1e-38f, Float.NEGATIVE_INFINITY};
        List<Chunk> chunks = List.of(new Chunk("f-1", 0, "Lisbon — “Alfama” 🚋", 0, 20, odd),
                new Chunk("f-1", 1, "second passage", 20, 34, randomVector(384, 11)),
                new Chunk("f-1", 2, "", 34, 34, new float[0]));

        assertThat(knowledge.indexed("t1", "f-1", chunks).join()).isTrue();

        assertThat(knowledge.file("t1", "f-1")).contains(file("f-1", 500).withStatus(FileStatus.READY, null));
        assertSamePassages(knowledge.chunks("t1", List.of("f-1")), chunks);
    }

    @Test
    protected void indexingAFileThatIsGoneOrNoLongerIndexingStoresNothing() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();
        for (String id : List.of("f-removed", "f-failed", "f-ready")) {
            knowledge.add("t1", file(id, 5), bytes(5, 12)).join();
        }
        knowledge.remove("t1", "f-removed").join();
        knowledge.failed("t1", "f-failed", "not a PDF").join();
        List<Chunk> first = passages("f-ready", 2);
        knowledge.indexed("t1", "f-ready", first).join();

        assertThat(knowledge.indexed("t1", "f-removed", passages("f-removed", 2)).join()).isFalse();
        assertThat(knowledge.indexed("t1", "f-failed", passages("f-failed", 2)).join()).isFalse();
        assertThat(knowledge.indexed("t1", "f-ready", passages("f-ready", 5)).join()).isFalse();
        assertThat(knowledge.indexed("t-none", "f-ready", passages("f-ready", 1)).join()).isFalse();

        assertThat(knowledge.file("t1", "f-removed")).isEmpty();
        assertThat(knowledge.file("t1", "f-failed")).contains(file("f-failed", 5)
                .withStatus(FileStatus.FAILED, "not a PDF"));
        assertThat(knowledge.chunks("t1", List.of("f-removed", "f-failed"))).isEmpty();
        assertSamePassages(knowledge.chunks("t1", List.of("f-ready")), first);
    }

    @Test
    protected void aFailedFileKeepsItsReasonAndAFileThatIsGoneCannotFail() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();
        knowledge.add("t1", file("f-1", 5), bytes(5, 13)).join();

        assertThat(knowledge.failed("t1", "f-1", "the PDF is encrypted").join()).isTrue();
        assertThat(knowledge.failed("t1", "f-none", "whatever").join()).isFalse();

        assertThat(knowledge.files("t1")).containsExactly(file("f-1", 5)
                .withStatus(FileStatus.FAILED, "the PDF is encrypted"));
        assertThat(knowledge.content("t1", "f-1")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes(5, 13)));
    }

    @Test
    protected void passagesAreThoseOfTheAskedFilesOfTheThreadInFileOrderThenPassageOrder() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.openThread("t2", "alice");
        KnowledgeStore knowledge = store.knowledge();
        for (String id : List.of("f-a", "f-b", "f-c")) {
            knowledge.add("t1", file(id, 5), bytes(5, 14)).join();
        }
        knowledge.add("t2", file("f-a", 5), bytes(5, 15)).join();
        List<Chunk> a = passages("f-a", 3);
        List<Chunk> b = passages("f-b", 2);
        List<Chunk> c = passages("f-c", 4);
        // Indexed out of the files' order: the order read is the files', not the indexing's.
        knowledge.indexed("t1", "f-c", c).join();
        knowledge.indexed("t1", "f-b", b).join();
        knowledge.indexed("t1", "f-a", a).join();
        knowledge.indexed("t2", "f-a", passages("f-a", 7)).join();

        List<Chunk> expected = new ArrayList<>(a);
        expected.addAll(c);
        assertSamePassages(knowledge.chunks("t1", List.of("f-c", "f-a")), expected);
        assertSamePassages(knowledge.chunks("t1", List.of("f-b", "f-none")), b);
        assertThat(knowledge.chunks("t1", List.of())).isEmpty();
        assertThat(knowledge.chunks("t-none", List.of("f-a"))).isEmpty();
    }

    @Test
    protected void onlyAFileStillIndexingCanBeClaimed() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();
        for (String id : List.of("f-indexing", "f-ready", "f-failed", "f-removed")) {
            knowledge.add("t1", file(id, 5), bytes(5, 16)).join();
        }
        knowledge.indexed("t1", "f-ready", passages("f-ready", 1)).join();
        knowledge.failed("t1", "f-failed", "unreadable").join();
        knowledge.remove("t1", "f-removed").join();

        assertThat(knowledge.claim("t1", "f-indexing", "node-a", LONG)).isTrue();
        assertThat(knowledge.claim("t1", "f-ready", "node-a", LONG)).isFalse();
        assertThat(knowledge.claim("t1", "f-failed", "node-a", LONG)).isFalse();
        assertThat(knowledge.claim("t1", "f-removed", "node-a", LONG)).isFalse();
        assertThat(knowledge.claim("t-none", "f-indexing", "node-a", LONG)).isFalse();
    }

    @Test
    protected void aClaimedFileCannotBeClaimedByAnotherNodeUntilTheClaimExpiresButByItsOwnerAgain() {
        ThreadStore store = store();
        assumeThat(keepsClaims(store)).as("a store that keeps no claims").isTrue();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();
        knowledge.add("t1", file("f-held", 5), bytes(5, 17)).join();
        knowledge.add("t1", file("f-brief", 5), bytes(5, 18)).join();

        assertThat(knowledge.claim("t1", "f-held", "node-a", LONG)).isTrue();
        assertThat(knowledge.claim("t1", "f-held", "node-b", LONG)).isFalse();
        assertThat(knowledge.claim("t1", "f-held", "node-a", LONG)).as("the owner's renewal").isTrue();
        assertThat(knowledge.claim("t1", "f-held", "node-b", LONG)).isFalse();

        assertThat(knowledge.claim("t1", "f-brief", "node-a", Duration.ofMillis(300))).isTrue();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> knowledge.claim("t1", "f-brief", "node-b", LONG));
        assertThat(knowledge.claim("t1", "f-brief", "node-a", LONG)).as("node-b's claim now").isFalse();
    }

    @Test
    protected void theUnindexedFilesAreThoseStillIndexingWithoutALiveClaimOldestFirst() {
        ThreadStore store = store();
        assumeThat(keepsClaims(store)).as("a store that keeps no claims").isTrue();
        store.openThread("t1", "alice");
        store.openThread("t2", "bob");
        KnowledgeStore knowledge = store.knowledge();
        for (String id : List.of("f-1", "f-ready", "f-failed", "f-held", "f-brief", "f-2")) {
            knowledge.add("t1", file(id, 5), bytes(5, 19)).join();
        }
        knowledge.add("t2", file("f-3", 5), bytes(5, 20)).join();
        knowledge.indexed("t1", "f-ready", passages("f-ready", 1)).join();
        knowledge.failed("t1", "f-failed", "unreadable").join();
        knowledge.claim("t1", "f-held", "node-a", LONG);
        knowledge.claim("t1", "f-brief", "node-a", Duration.ofMillis(300));

        assertThat(knowledge.unindexed(1)).containsExactly(new FileRef("t1", "f-1"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(knowledge.unindexed(10)).containsExactly(new FileRef("t1", "f-1"),
                        new FileRef("t1", "f-brief"), new FileRef("t1", "f-2"), new FileRef("t2", "f-3")));
    }

    @Test
    protected void aDeletedThreadTakesItsFilesBytesAndPassagesWithIt() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.openThread("t2", "alice");
        KnowledgeStore knowledge = store.knowledge();
        knowledge.add("t1", file("f-1", 30), bytes(30, 21)).join();
        knowledge.add("t1", file("f-2", 20), bytes(20, 22)).join();
        knowledge.indexed("t1", "f-1", passages("f-1", 2)).join();
        knowledge.add("t2", file("f-1", 7), bytes(7, 23)).join();
        knowledge.indexed("t2", "f-1", passages("f-1", 1)).join();

        assertThat(store.directory().delete("t1").join()).isTrue();

        assertThat(knowledge.files("t1")).isEmpty();
        assertThat(knowledge.content("t1", "f-1")).isEmpty();
        assertThat(knowledge.chunks("t1", List.of("f-1", "f-2"))).isEmpty();
        assertThat(knowledge.bytesOfUser("alice")).isEqualTo(7);
        assertThat(knowledge.files("t2")).containsExactly(file("f-1", 7).withStatus(FileStatus.READY, null));
        assertThat(knowledge.chunks("t2", List.of("f-1"))).hasSize(1);
        if (keepsClaims(store)) {
            assertThat(knowledge.unindexed(10)).doesNotContain(new FileRef("t1", "f-2"));
        }
        store.openThread("t1", "alice");
        assertThat(knowledge.files("t1")).as("a thread opened again under the same id").isEmpty();
    }

    @Test
    protected void aFileAddedJustBeforeItsThreadIsDeletedGoesWithItAndCannotBeIndexedAfter() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        KnowledgeStore knowledge = store.knowledge();

        CompletableFuture<Boolean> added = knowledge.add("t1", file("f-1", 5), bytes(5, 24));
        CompletableFuture<Boolean> deleted = store.directory().delete("t1");
        CompletableFuture<Boolean> indexed = knowledge.indexed("t1", "f-1", passages("f-1", 1));

        assertThat(added.join()).isTrue();
        assertThat(deleted.join()).isTrue();
        assertThat(indexed.join()).isFalse();
        assertThat(knowledge.files("t1")).isEmpty();
        assertThat(knowledge.chunks("t1", List.of("f-1"))).isEmpty();
    }

    @Test
    protected void aReopenedStoreHasTheFilesTheirBytesAndTheirPassages() {
        assumeThat(durable()).as("a store that keeps nothing after it closes").isTrue();
        ThreadStore store = store();
        store.openThread("t1", "alice");
        List<Chunk> chunks = passages("f-1", 3);
        store.knowledge().add("t1", file("f-1", 64), bytes(64, 25)).join();
        store.knowledge().indexed("t1", "f-1", chunks).join();
        store.knowledge().add("t1", file("f-2", 8), bytes(8, 26)).join();
        store.close();
        open.remove(store);

        KnowledgeStore reopened = store().knowledge();
        assertThat(reopened.files("t1")).containsExactly(file("f-1", 64).withStatus(FileStatus.READY, null),
                file("f-2", 8));
        assertThat(reopened.content("t1", "f-1")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes(64, 25)));
        assertSamePassages(reopened.chunks("t1", List.of("f-1", "f-2")), chunks);
    }

    /** A text file of {@code size} bytes, still indexing, as it is added. */
    protected static AgentFile file(String fileId, long size) {
        return new AgentFile(fileId, fileId + ".txt", size, "text/plain", FileStatus.INDEXING, null);
    }

    /** {@code size} bytes drawn from {@code seed}: the same for the same seed. */
    protected static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@code count} passages of the file, in order, each with an 8-float vector of its own. */
    protected static List<Chunk> passages(String fileId, int count) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunks.add(new Chunk(fileId, i, fileId + " passage " + i, i * 100, i * 100 + 99,
                    randomVector(8, fileId.hashCode() * 31L + i)));
        }
        return chunks;
    }

    private static float[] randomVector(int length, long seed) {
        Random random = new Random(seed);
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    /** The same passages in the same order, their vectors the same bit for bit (a record compares arrays by identity). */
    private static void assertSamePassages(List<Chunk> actual, List<Chunk> expected) {
        assertThat(actual.stream().map(KnowledgeStoreContract::describe).toList())
                .containsExactlyElementsOf(expected.stream().map(KnowledgeStoreContract::describe).toList());
    }

    private static String describe(Chunk chunk) {
        StringBuilder bits = new StringBuilder();
        for (float f : chunk.vector()) {
            bits.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(f)));
        }
        return chunk.fileId() + "#" + chunk.index() + " [" + chunk.start() + ", " + chunk.end() + ") "
                + chunk.text() + " |" + bits;
    }
}
