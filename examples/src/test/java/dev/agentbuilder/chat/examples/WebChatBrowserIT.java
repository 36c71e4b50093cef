package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.examples.ChatPage.Bubble;
import dev.agentbuilder.chat.examples.ChatPage.StreamRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WindowType;

/**
 * The web chat in a real headless Chromium, against the real chat server (in-process, SQLite store) and the real
 * launcher, both on 127.0.0.1 and free ports. One browser and one pair of servers serve every test; each test has
 * its own thread.
 */
class WebChatBrowserIT extends WebChatBrowserTest {

    private static final String USER = WebChatTestbed.USER;
    private static final String GREEN = "rgb(22, 163, 74)";
    private static final String RED = "rgb(220, 38, 38)";
    /** What the engine takes by default, and the page assumes of a server that does not say: 8,000 code points. */
    private static final int DEFAULT_MAX_MESSAGE_CHARS = 8000;
    /** The page's default {@code maxOutboxMessages}. */
    private static final int DEFAULT_MAX_OUTBOX_MESSAGES = 100;
    /** Within this many pixels of its end, the transcript counts as at its end (the page's own slack). */
    private static final double AT_END_PX = 8;
    /** A daily token budget the offline builder's first reply spends. */
    private static final long TINY_BUDGET = 50;
    /** One emoji: one code point, two UTF-16 units. */
    private static final String EMOJI = "\uD83D\uDE00";

    private Browser browser;
    private WebChat webChat;
    private ChatServerFixture chatServer;

    /** Runs after the testbed started (a superclass's {@code @BeforeAll} runs first). */
    @BeforeAll
    void unpackTestbed() {
        if (testbed == null) {
            return;
        }
        browser = testbed.browser;
        webChat = testbed.webChat;
        chatServer = testbed.chatServer;
    }

    private ChatPage open(String threadId, String userQuery) {
        return testbed.open(threadId, userQuery);
    }

    private ChatPage open(String threadId) {
        return testbed.open(threadId);
    }

    @Test
    void aConversationConnectsStreamsTheReplyTokenByTokenAndFillsTheDraftPanel() {
        ChatPage page = open("e2e-1");
        page.awaitStatus("connected").recordStreaming();
        assertThat(page.statusText()).isEqualTo("Connected");
        assertThat(page.statusColour()).isEqualTo(GREEN);
        assertThat(page.warning()).isNull();
        assertThat(page.sendEnabled()).isTrue();
        assertThat(page.tokensToday()).as("a server without a token budget: no line").isNull();
        assertThat(page.draft("name")).isEqualTo("not named yet");

        page.send("I want an agent that helps me plan trips");
        String partial = awaitStreamingText(page);
        browser.screenshot("web-chat-streaming");
        List<Bubble> transcript = page.awaitSettled(1);

        assertThat(transcript).extracting(Bubble::role).containsExactly("user", "assistant");
        Bubble reply = transcript.get(1);
        assertThat(reply.text()).startsWith(partial).hasSizeGreaterThan(partial.length());
        assertThat(page.streamRecord().growths()).as("deltas rendered one by one").isGreaterThan(5);
        assertThat(page.draft("name")).isEqualTo("Trip Planner");
        assertThat(page.draft("description")).contains("plan trips");
        assertThat(page.draft("instructions")).contains("Trip Planner");

        // The screenshot for docs/web-chat.png: a filled draft, and the next reply streaming in (or, on a slow
        // machine that missed the short stream, already there).
        page.send("Enable web search and add a conversation starter: Plan a weekend in Rome");
        page.awaitTranscript("the next reply", t -> t.size() == 4 && !t.get(3).text().isEmpty());
        browser.screenshot("web-chat");
        page.awaitSettled(2);
        assertThat(page.draftPanel().capabilities()).containsExactly("web_search");
    }

    @Test
    void aServerRestartIsRiddenOutAndWhatWasTypedMeanwhileIsSentAndAnsweredOnce() throws Exception {
        String thread = "e2e-restart";
        ChatPage page = open(thread);
        page.awaitStatus("connected");
        page.send("I want an agent that helps me plan trips");
        page.awaitSettled(1);

        chatServer.stop();
        browser.await("the indicator leaves connected", d -> !page.status().equals("connected"));
        assertThat(page.status()).isIn("connecting", "disconnected");
        assertThat(page.statusColour()).isNotEqualTo(GREEN);
        assertThat(page.sendEnabled()).as("send button while the server is down").isFalse();
        assertThat(page.warning()).contains("Not connected");

        page.typeAndPressEnter("Call it Wanderlust");
        List<Bubble> queued = page.transcript();
        assertThat(queued.get(queued.size() - 1)).satisfies(b -> {
            assertThat(b.text()).isEqualTo("Call it Wanderlust");
            assertThat(b.state()).isEqualTo("queued");
        });
        browser.screenshot("web-chat-offline");

        chatServer.restart();
        page.awaitStatus("connected");
        assertThat(page.warning()).isNull();
        List<Bubble> transcript = page.awaitSettled(2);
        browser.await("the draft is renamed", d -> page.draft("name").equals("Wanderlust"));

        assertThat(transcript).extracting(Bubble::role).containsExactly("user", "assistant", "user", "assistant");
        assertThat(transcript).extracting(Bubble::text).element(2).isEqualTo("Call it Wanderlust");
        assertShowsEveryStoredMessageOnce(transcript, thread);
        List<JsonObject> stored = ThreadHistory.messages(chatServer.wsUrl(), thread, USER);
        assertEveryUserMessageAnsweredOnce(stored);
        assertThat(stored).filteredOn(m -> m.get("content").getAsString().equals("Call it Wanderlust")).hasSize(1);
    }

    @Test
    void twoTabsOnTheSameThreadBothShowAMessageSentFromOne() throws Exception {
        String thread = "e2e-tabs";
        ChatPage first = open(thread).awaitStatus("connected");
        browser.driver.switchTo().newWindow(WindowType.WINDOW);
        ChatPage second = open(thread).awaitStatus("connected");

        second.send("I want an agent that helps me write poems");
        List<Bubble> inSecond = second.awaitSettled(1);
        first.focus();
        List<Bubble> inFirst = first.awaitSettled(1);

        assertThat(inFirst).extracting(Bubble::role, Bubble::text).isEqualTo(
                inSecond.stream().map(b -> org.assertj.core.groups.Tuple.tuple(b.role(), b.text())).toList());
        assertThat(inFirst.get(0).text()).isEqualTo("I want an agent that helps me write poems");
        assertThat(first.draft("name")).isEqualTo(second.focus().draft("name")).isNotEqualTo("not named yet");
        assertShowsEveryStoredMessageOnce(inFirst, thread);
    }

    @Test
    void anotherUsersThreadIsRefusedInWordsAndNotRetried() {
        open("e2e-owned").awaitStatus("connected");
        ChatPage intruder = open("e2e-owned", "&user=someone-else");

        intruder.awaitStatus("error");
        assertThat(intruder.statusText()).contains("4403").contains("not retrying");
        assertThat(intruder.statusColour()).isEqualTo(RED);
        assertThat(intruder.errorBanner()).startsWith("You may not open this thread");
        assertThat(intruder.warning()).startsWith("Cannot connect to the chat server");
        assertThat(intruder.inputEnabled()).isFalse();
        assertThat(intruder.sendEnabled()).isFalse();
        assertThat((String) browser.js("return webChat.status.status")).as("stopped, not retrying").isEqualTo("error");
    }

    @Test
    void aMessageAServerThatDoesNotSayItsLimitsRefusesIsMarkedAndExplained() {
        browser.driver.switchTo().newWindow(WindowType.WINDOW);
        OlderServer.installBeforeLoad(browser);
        ChatPage page = open("e2e-too-long").awaitStatus("connected");
        assertThat(messageLimit()).as("the page's limit, not told the server's").isEqualTo(DEFAULT_MAX_MESSAGE_CHARS);

        page.sendPasted("x".repeat(ChatServerFixture.MAX_MESSAGE_CHARS + 1));

        browser.await("the error banner", d -> page.errorBanner() != null);
        assertThat(page.errorBanner()).startsWith("That message is too long:");
        page.awaitTranscript("the message marked as not sent",
                t -> t.size() == 1 && t.get(0).state().equals("failed"));
    }

    @Test
    void withADailyTokenBudgetThePageShowsTheTokensUsedAndAMessageOverItIsRefusedInWords(@TempDir Path dataDir)
            throws Exception {
        // A server of its own: a budget is per user, and the shared server's user sends many messages.
        try (ChatServerFixture budgeted = ChatServerFixture.startWithTokenBudget(dataDir,
                "http://127.0.0.1:" + webChat.port(), TINY_BUDGET)) {
            String thread = "e2e-budget";
            ChatPage page = ChatPage.open(browser, "http://127.0.0.1:" + webChat.port() + "/thread/" + thread
                    + "?ws=" + budgeted.wsUrl() + "&user=" + USER).awaitStatus("connected");
            assertThat(page.tokensToday()).startsWith("Tokens today: 0 / " + TINY_BUDGET + " · renews at ");

            page.send("I want an agent that helps me plan trips");
            page.awaitSettled(1);
            long used = tokensUsed(ThreadHistory.messages(budgeted.wsUrl(), thread, USER));
            assertThat(used).as("the offline builder's first reply").isGreaterThan(TINY_BUDGET);
            String spent = String.format(Locale.ENGLISH, "Tokens today: %,d / %d · renews at ", used, TINY_BUDGET);
            browser.await("the reply's tokens counted", d -> page.tokensToday().startsWith(spent));

            page.send("Call it Wanderlust");
            browser.await("the refusal", d -> page.errorBanner() != null);
            assertThat(page.errorBanner()).matches("Your tokens for today are used up, so that message was not sent: "
                    + "You have used your " + TINY_BUDGET + " tokens for today\\. Your budget renews at "
                    + "\\d{4}-\\d\\d-\\d\\dT00:00:00Z \\(midnight UTC\\)\\.");
            List<Bubble> transcript = page.awaitTranscript("the message marked as not sent",
                    t -> t.size() == 3 && t.get(2).state().equals("failed"));
            assertThat(transcript.get(2).text()).isEqualTo("Call it Wanderlust");
            assertThat(page.tokensToday()).as("the server's count, with the refusal").startsWith(spent);
            assertThat(page.inputEnabled()).isTrue();
            assertThat(page.sendEnabled()).isTrue();
            assertThat(ThreadHistory.messages(budgeted.wsUrl(), thread, USER)).as("nothing more stored").hasSize(2);
        }
    }

    /** The tokens (input plus output) the stored replies used. */
    private static long tokensUsed(List<JsonObject> stored) {
        return stored.stream().filter(m -> m.has("usage")).map(m -> m.getAsJsonObject("usage"))
                .mapToLong(u -> u.get("inputTokens").getAsLong() + u.get("outputTokens").getAsLong()).sum();
    }

    @Test
    void aStreamingReplyAppendsEachDeltaWithoutRebuildingTheBubble() {
        ChatPage page = open("e2e-append").awaitStatus("connected").recordStreaming();
        page.send("I want an agent that helps me plan trips");
        Bubble reply = page.awaitSettled(1).get(1);

        StreamRecord streamed = page.streamRecord();
        assertThat(streamed.growths()).as("deltas shown one by one").isGreaterThan(5);
        assertThat(streamed.nodesRemoved()).as("nodes taken out of the reply while it streamed").isZero();
        // Nothing kept in the page for tests (such as a count of deltas) nor a copy of the text in an attribute.
        assertThat(streamed.attributes()).as("a streaming reply's attributes")
                .containsExactlyInAnyOrder("class", "data-role", "data-id", "data-state");
        // Streamed bit by bit, it looked as the stored message does when rendered whole: the same text, the same
        // parts in bold (and no asterisks).
        assertThat(streamed.lastText()).isEqualTo(reply.text());
        assertThat(streamed.lastBold()).isEqualTo(page.boldTextOf(reply)).contains("Trip Planner");
    }

    @Test
    void aReplyKeepsTheTranscriptAtItsEndWhileTheReaderIsThere() {
        ChatPage page = open("e2e-follow").awaitStatus("connected").recordStreaming();
        page.sendPasted(tallMessage());
        page.awaitSettled(1);

        assertThat(page.transcriptOverflow()).as("the transcript is taller than its view").isGreaterThan(100);
        StreamRecord streamed = page.streamRecord();
        assertThat(streamed.growths()).isGreaterThan(5);
        assertThat(streamed.farthestFromEnd()).as("distance from the end after any delta")
                .isLessThanOrEqualTo(AT_END_PX);
        assertThat(page.transcriptDistanceFromEnd()).as("distance from the end once stored")
                .isLessThanOrEqualTo(AT_END_PX);
    }

    @Test
    void aReaderWhoScrolledUpKeepsTheirPlaceWhileNewMessagesArrive() {
        String thread = "e2e-scrolled-up";
        ChatPage reader = open(thread).awaitStatus("connected");
        reader.sendPasted(tallMessage());
        reader.awaitSettled(1);
        assertThat(reader.transcriptOverflow()).as("the transcript is taller than its view").isGreaterThan(100);
        reader.scrollTranscriptTo(40);
        reader.recordStreaming();

        // Another tab on the same thread sends: its message and the reply arrive in the reader's tab.
        browser.driver.switchTo().newWindow(WindowType.WINDOW);
        ChatPage writer = open(thread).awaitStatus("connected");
        writer.send("Call it Wanderlust");
        writer.awaitSettled(2);
        reader.focus();
        reader.awaitSettled(2);

        StreamRecord streamed = reader.streamRecord();
        assertThat(streamed.growths()).as("the reply streamed in while the reader was scrolled up").isGreaterThan(2);
        assertThat(streamed.highestScrollTop()).as("the furthest down the transcript was scrolled meanwhile")
                .isEqualTo(40);
        assertThat(reader.transcriptScrollTop()).isEqualTo(40);
    }

    @Test
    void aMessageOfExactlyTheServersLimitInEmojiIsAcceptedAndOneMoreIsRefusedByThePage() {
        // The shared server takes fewer characters than the default: the page has it from the server's ready.
        int limit = ChatServerFixture.MAX_MESSAGE_CHARS;
        ChatPage page = open("e2e-emoji").awaitStatus("connected");
        assertThat(messageLimit()).isEqualTo(limit).isLessThan(DEFAULT_MAX_MESSAGE_CHARS);

        String atTheLimit = EMOJI.repeat(limit);
        page.sendPasted(atTheLimit);
        assertThat(page.errorBanner()).as("the page's refusal").isNull();
        page.awaitTranscript("the server stores the message", t -> !t.isEmpty()
                && t.get(0).state().equals("stored") && t.get(0).text().equals(atTheLimit));
        assertThat(page.errorBanner()).as("the server's refusal").isNull();

        page.sendPasted(atTheLimit + EMOJI);
        assertThat(page.errorBanner()).as("the page's refusal, shown as the click is handled")
                .isEqualTo("That message is too long: a message may have at most " + limit
                        + " characters; this one has " + (limit + 1));
        assertThat(page.input()).as("the text stays in the box, to shorten").isEqualTo(atTheLimit + EMOJI);
        assertThat(page.transcript()).filteredOn(b -> b.role().equals("user")).hasSize(1);
    }

    /** The page's limit on a message now: its client's, from the server's ready. */
    private int messageLimit() {
        return ((Number) browser.js("return webChat.limits.messageChars")).intValue();
    }

    @Test
    void aFullOutboxRefusesTheNextMessageInWordsAndKeepsTheQueuedOnes() throws IOException {
        ChatPage page = ChatPage.open(browser, "http://127.0.0.1:" + webChat.port() + "/thread/e2e-outbox?ws="
                + "ws://127.0.0.1:" + closedPort() + "&user=" + USER);
        browser.await("a failed attempt", d -> page.statusText().contains("retrying"));
        for (int i = 1; i <= DEFAULT_MAX_OUTBOX_MESSAGES; i++) {
            page.queuePasted("queued " + i);
        }
        assertThat(page.transcript()).hasSize(DEFAULT_MAX_OUTBOX_MESSAGES).allMatch(b -> b.state().equals("queued"));
        assertThat(page.errorBanner()).isNull();

        page.queuePasted("one too many");
        assertThat(page.errorBanner()).as("the page's refusal, shown as Enter is handled")
                .isEqualTo("Too many messages are waiting for the connection: " + DEFAULT_MAX_OUTBOX_MESSAGES
                        + " requests are already waiting to be sent, the most the outbox keeps; "
                        + "this one was not queued");
        assertThat(page.input()).isEqualTo("one too many");
        assertThat(page.transcript()).extracting(Bubble::text).hasSize(DEFAULT_MAX_OUTBOX_MESSAGES)
                .startsWith("queued 1").endsWith("queued " + DEFAULT_MAX_OUTBOX_MESSAGES);
        assertThat(browser.<Number>js("return webChat.pending.length").intValue())
                .as("messages still queued").isEqualTo(DEFAULT_MAX_OUTBOX_MESSAGES);
    }

    @Test
    void withoutAUserParameterTheUserIdIsGeneratedOnceAndKept() {
        ChatPage page = open("e2e-anonymous", "").awaitStatus("connected");
        String label = page.userLabel();
        assertThat(label).matches("you are user-[0-9a-f]{12}");

        browser.driver.navigate().refresh();
        page.awaitStatus("connected");
        assertThat(page.userLabel()).isEqualTo(label);
    }

    @Test
    void aPathThatIsNotAThreadIdIsExplainedWithoutConnecting() {
        ChatPage page = ChatPage.open(browser, "http://127.0.0.1:" + webChat.port() + "/thread/not%20valid?ws="
                + chatServer.wsUrl());
        page.awaitStatus("error");
        assertThat(page.statusText()).contains("\"not valid\" is not a thread id");
        assertThat(page.inputEnabled()).isFalse();
    }

    @Test
    void aWsParameterNamingAnotherHostIsRefusedWithoutConnecting() {
        ChatPage page = ChatPage.open(browser, "http://127.0.0.1:" + webChat.port()
                + "/thread/e2e-ws?user=" + USER + "&ws=ws://chat.elsewhere.example:3004");
        page.awaitStatus("error");
        assertThat(page.statusText()).contains("may only name a chat server on 127.0.0.1")
                .contains("ws://chat.elsewhere.example:3004");
        assertThat(page.inputEnabled()).isFalse();
    }

    /** A user message taller than the transcript's view: a request, then one line per day of the trip. */
    private static String tallMessage() {
        StringBuilder text = new StringBuilder("I want an agent that helps me plan trips");
        for (int day = 1; day <= 40; day++) {
            text.append("\nday ").append(day);
        }
        return text.toString();
    }

    /** A port on 127.0.0.1 that nothing listens on: connecting to it is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits for a reply to be visibly streaming and returns what it shows so far. */
    private String awaitStreamingText(ChatPage page) {
        return browser.await("a reply streaming in", d -> browser.<String>js("""
                const li = document.querySelector('#messages li[data-role="assistant"][data-state="streaming"]');
                const text = li && li.querySelector('.content').textContent;
                return text ? text : null;
                """));
    }

    /** The page shows each message the server stored exactly once, in order, and nothing else. */
    private void assertShowsEveryStoredMessageOnce(List<Bubble> transcript, String thread) throws Exception {
        List<JsonObject> stored = ThreadHistory.messages(chatServer.wsUrl(), thread, USER);
        assertThat(transcript).extracting(Bubble::id)
                .containsExactlyElementsOf(stored.stream().map(m -> m.get("id").getAsString()).toList());
        // The page shows **bold** as bold, without the asterisks.
        assertThat(transcript).extracting(Bubble::text).containsExactlyElementsOf(stored.stream()
                .map(m -> m.get("content").getAsString().replaceAll("\\*\\*([^*]+)\\*\\*", "$1")).toList());
    }

    private static void assertEveryUserMessageAnsweredOnce(List<JsonObject> stored) {
        Map<String, Long> repliesPerMessage = stored.stream()
                .filter(m -> m.get("role").getAsString().equals("assistant"))
                .collect(Collectors.groupingBy(m -> m.get("replyTo").getAsString(), Collectors.counting()));
        Map<String, JsonObject> userMessages = stored.stream()
                .filter(m -> m.get("role").getAsString().equals("user"))
                .collect(Collectors.toMap(m -> m.get("id").getAsString(), Function.identity()));
        assertThat(repliesPerMessage.keySet()).isEqualTo(userMessages.keySet());
        assertThat(repliesPerMessage.values()).allMatch(count -> count == 1);
    }
}
