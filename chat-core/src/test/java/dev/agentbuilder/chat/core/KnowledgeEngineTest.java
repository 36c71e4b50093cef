package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.FileStatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadKnowledge.KnowledgeException;
import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Knowledge files in the engine, with a scripted model, a reader of plain text (one passage per line) and an
 * embedding of words (one dimension per word of a small vocabulary), so that what the model is sent is exactly known.
 */
@Timeout(60)
class KnowledgeEngineTest {

    private static final List<String> WORDS = List.of("leave", "days", "wifi", "password", "lunch", "moons");

    private final ScriptedModel model = new ScriptedModel();
    /** Holds the embedding of any text that says "slow" until the test lets it go. */
    private final java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
    private final ThreadStore store = ThreadStores.inMemory();
    private ChatEngine engine;
    private RecordingListener alice;
    private ThreadMember member;

    @BeforeEach
    void start() {
        engine = ChatEngine.builder().model(model).store(store).sessionGrace(Duration.ZERO)
                .knowledge(new LinesReader(), new WordEmbeddings(slow), 0.5)
                .knowledgeLimits(1_000, 2, 1_500)
                .build();
        alice = new RecordingListener();
        member = engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
    }

    @AfterEach
    void stop() {
        slow.countDown();
        engine.shutdown(Duration.ZERO);
    }

    @Test
    void anAddedFileIsADraftChangeByTheUserAndItsIndexingReachesEveryMember() {
        AgentFile file = engine.knowledge().add("t1", "alice", "notes.txt", text("Paid leave is 27 days.")).join();

        List<Object> seen = alice.until(o -> o instanceof FileStatusChanged);
        AgentUpdated added = seen.stream().filter(AgentUpdated.class::isInstance).map(AgentUpdated.class::cast)
                .findFirst().orElseGet(() -> alice.await(AgentUpdated.class));
        assertThat(added.source()).isEqualTo(DraftSource.USER);
        assertThat(added.agent().files()).extracting(AgentFile::fileId).containsExactly(file.fileId());
        FileStatusChanged ready = (FileStatusChanged) seen.get(seen.size() - 1);
        assertThat(ready.file().status()).isEqualTo(FileStatus.READY);
        assertThat(store.knowledge().chunks("t1", List.of(file.fileId()))).hasSize(1);
    }

    @Test
    void aPreviewWithFileSearchIsGivenThePassagesFoundAndCitesThemWhileTheMemoryKeepsTheQuestion() {
        AgentFile file = readyFile("notes.txt", "Paid leave is 27 days.\nThe wifi password is otter.");
        switchOnFileSearch();

        member.submit("How many days of leave?", "p1", Channel.PREVIEW);
        ScriptedModel.Call call = model.awaitCall();

        String sent = userText(call);
        assertThat(KnowledgePrompt.parse(sent)).hasValueSatisfying(parsed -> {
            assertThat(parsed.question()).isEqualTo("How many days of leave?");
            assertThat(parsed.passages()).extracting(KnowledgePrompt.Passage::text)
                    .containsExactly("Paid leave is 27 days.");
        });
        call.delta("27 days.").complete();
        ThreadEvent.AssistantDelta first = alice.await(ThreadEvent.AssistantDelta.class);
        assertThat(first.citations()).extracting(Citation::fileId).containsExactly(file.fileId());
        ThreadMessage reply = reply();
        assertThat(reply.citations()).isEqualTo(first.citations());
        assertThat(reply.citations().get(0).passage()).isZero();
        List<ChatMessage> memory = store.chatMemory(dev.agentbuilder.chat.core.spi.ChatMemories.previewId("t1"));
        assertThat(memory).filteredOn(m -> m instanceof UserMessage)
                .extracting(m -> ((UserMessage) m).singleText()).containsExactly("How many days of leave?");
    }

    @Test
    void aQuestionNoPassageIsCloseToIsSentWithTheNoteThatTheFilesDoNotCoverIt() {
        readyFile("notes.txt", "Paid leave is 27 days.");
        switchOnFileSearch();

        member.submit("How many moons?", "p1", Channel.PREVIEW);
        ScriptedModel.Call call = model.awaitCall();

        assertThat(KnowledgePrompt.parse(userText(call))).hasValueSatisfying(parsed ->
                assertThat(parsed.passages()).isEmpty());
        call.delta("My files do not cover that.").complete();
        assertThat(reply().citations()).isEmpty();
    }

    @Test
    void withoutFileSearchThePreviewIsNotGivenPassages() {
        readyFile("notes.txt", "Paid leave is 27 days.");

        member.submit("How many days of leave?", "p1", Channel.PREVIEW);

        assertThat(userText(model.awaitCall())).isEqualTo("How many days of leave?");
    }

    @Test
    void aFileAddedWhileTheBuilderWorksJoinsTheDraftWhenItsTurnEnds() {
        member.submit("I want an agent about our handbook", "m1");
        ScriptedModel.Call turn = model.awaitCall();

        var adding = engine.knowledge().add("t1", "alice", "notes.txt", text("Paid leave is 27 days."));
        turn.delta("Noted.").complete();

        AgentFile file = adding.join();
        assertThat(alice.await(AgentUpdated.class).agent().files()).extracting(AgentFile::fileId)
                .containsExactly(file.fileId());
    }

    @Test
    void refusedFilesAreNotStoredAndSayWhy() {
        assertRefused(engine.knowledge().add("t1", "alice", "empty.txt", new byte[0]),
                KnowledgeException.Reason.UNREADABLE, "empty");
        assertRefused(engine.knowledge().add("t1", "alice", "big.txt", new byte[1_001]),
                KnowledgeException.Reason.TOO_LARGE, "larger than");
        assertRefused(engine.knowledge().add("t1", "bob", "notes.txt", text("x")),
                KnowledgeException.Reason.NOT_FOUND, "no such thread");
        readyFile("a.txt", "Paid leave is 27 days.");
        readyFile("b.txt", "Lunch is at noon.");
        assertRefused(engine.knowledge().add("t1", "alice", "c.txt", text("x")),
                KnowledgeException.Reason.TOO_MANY_FILES, "2 files");
        assertThat(store.knowledge().files("t1")).extracting(AgentFile::name).containsExactly("a.txt", "b.txt");
    }

    @Test
    void removingAFileTakesItOutOfTheDraftAndDeletesItsPassages() {
        AgentFile file = readyFile("notes.txt", "Paid leave is 27 days.");

        assertThat(engine.knowledge().remove("t1", "alice", file.fileId()).join()).isTrue();

        assertThat(alice.await(AgentUpdated.class).agent().files()).isEmpty();
        assertThat(store.knowledge().files("t1")).isEmpty();
        assertThat(store.knowledge().chunks("t1", List.of(file.fileId()))).isEmpty();
        assertThat(engine.knowledge().remove("t1", "alice", file.fileId()).join()).isFalse();
    }

    @Test
    void filesAreListedAndAddedWhileALongIndexingRuns() throws Exception {
        AgentFile held = engine.knowledge().add("t1", "alice", "slow.txt", text("a slow passage")).join();

        List<AgentFile> listed = engine.knowledge().files("t1", "alice").get(5, java.util.concurrent.TimeUnit.SECONDS)
                .orElseThrow();
        AgentFile other = engine.knowledge().add("t1", "alice", "notes.txt", text("Lunch is at noon."))
                .get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(listed).extracting(AgentFile::fileId, AgentFile::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(held.fileId(), FileStatus.INDEXING));
        assertThat(other.status()).isEqualTo(FileStatus.INDEXING);
        slow.countDown();
        alice.until(o -> o instanceof FileStatusChanged c && c.file().fileId().equals(held.fileId()));
    }

    @Test
    void aNameIsKeptAsItsLastPathElementOnly() {
        AgentFile file = engine.knowledge().add("t1", "alice", "../../etc/passwd", text("root")).join();

        assertThat(file.name()).isEqualTo("passwd");
    }

    /** A file added and indexed: its draft change and its status, which come in either order. */
    private AgentFile readyFile(String name, String content) {
        AgentFile file = engine.knowledge().add("t1", "alice", name, text(content)).join();
        boolean[] seen = new boolean[2];
        alice.until(o -> {
            seen[0] |= o instanceof AgentUpdated;
            if (o instanceof FileStatusChanged changed) {
                assertThat(changed.file().status()).isEqualTo(FileStatus.READY);
                seen[1] = true;
            }
            return seen[0] && seen[1];
        });
        return file;
    }

    /** The text of the last message the model was sent: the user's, as the model got it. */
    private static String userText(ScriptedModel.Call call) {
        List<ChatMessage> messages = call.request().messages();
        return ((UserMessage) messages.get(messages.size() - 1)).singleText();
    }

    private ThreadMessage reply() {
        List<Object> turn = alice.untilReply();
        return ((MessageAdded) turn.get(turn.size() - 1)).message();
    }

    private void switchOnFileSearch() {
        AgentDraft draft = engine.threads().details("t1").join().orElseThrow().agent();
        member.updateAgent(draft.version(), new AgentChanges(null, null, null, null, List.of("file_search")), "fs");
        alice.await(Accepted.class);
        assertThat(alice.await(AgentUpdated.class).agent().files()).isNotEmpty();
    }

    private static void assertRefused(java.util.concurrent.CompletableFuture<AgentFile> adding,
            KnowledgeException.Reason reason, String words) {
        assertThatThrownBy(adding::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(KnowledgeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).containsIgnoringCase(words);
                });
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Plain text, one passage per line; empty is unreadable. */
    private static final class LinesReader implements DocumentReader {
        @Override
        public ReadDocument read(String fileName, byte[] content) throws UnreadableFileException {
            if (content.length == 0) {
                throw new UnreadableFileException("The file is empty.");
            }
            return new ReadDocument("text/plain", new String(content, StandardCharsets.UTF_8));
        }

        @Override
        public List<Passage> passages(ReadDocument document) {
            List<Passage> out = new ArrayList<>();
            int start = 0;
            for (String line : document.text().split("\n")) {
                out.add(new Passage(out.size(), line, start, start + line.length()));
                start += line.length() + 1;
            }
            return out;
        }
    }

    /**
     * One dimension per word of {@link #WORDS}: texts that share words are close, others are not. A text that says
     * "slow" waits for {@code slow} first, as a large file's embedding takes long.
     */
    private static final class WordEmbeddings implements EmbeddingModel {
        private final java.util.concurrent.CountDownLatch slow;

        WordEmbeddings(java.util.concurrent.CountDownLatch slow) {
            this.slow = slow;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> out = new ArrayList<>();
            for (TextSegment segment : segments) {
                if (segment.text().contains("slow")) {
                    try {
                        slow.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                float[] v = new float[WORDS.size() + 1];
                String text = segment.text().toLowerCase(Locale.ROOT);
                for (int i = 0; i < WORDS.size(); i++) {
                    v[i] = text.contains(WORDS.get(i)) ? 1 : 0;
                }
                v[WORDS.size()] = 0.01f;
                out.add(Embedding.from(v));
            }
            return Response.from(out);
        }
    }
}
