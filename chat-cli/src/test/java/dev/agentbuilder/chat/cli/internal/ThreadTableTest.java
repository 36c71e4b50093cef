package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.WireThread;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadTableTest {

    private static WireThread thread(String id, String title, String agent, long messages) {
        return new WireThread(id, title, "2026-12-07T12:55:01.204Z", "2026-12-07T12:55:40.071Z",
                new WireThread.Agent(agent, 1), null, messages);
    }

    @Test
    void columnsLineUpAndCountsAreRightAligned() {
        List<String> lines = ThreadTable.lines(List.of(
                thread("trip-planner", "Trips with Mum", "Wanderlust", 6),
                thread("t2", "Poems", "Poet", 120)));

        assertThat(lines).containsExactly(
                "TITLE           AGENT       UPDATED (UTC)     MESSAGES  ID",
                "Trips with Mum  Wanderlust  2026-12-07 12:55         6  trip-planner",
                "Poems           Poet        2026-12-07 12:55       120  t2");
    }

    @Test
    void aThreadWithoutTitleOrAgentNameSaysSoAndLongTextsAreCutToOneLine() {
        String longTitle = "A very long title that goes on and on about trips to Rome";
        List<String> lines = ThreadTable.lines(List.of(thread("t1", "", "", 0), thread("t2", longTitle, "", 1)));

        assertThat(lines.get(1)).startsWith("(untitled)  ").contains("  -  ");
        assertThat(lines.get(2)).startsWith(longTitle.substring(0, ThreadTable.MAX_TITLE - 1) + "…  ");
    }

    @Test
    void cuttingCountsCharactersNotUtf16Units() {
        assertThat(ThreadTable.cut("😀😀😀", 3)).isEqualTo("😀😀😀");
        assertThat(ThreadTable.cut("😀😀😀😀", 3)).isEqualTo("😀😀…");
    }

    @Test
    void timesAreShownToTheMinuteInUtcAndAnythingElseAsItCame() {
        assertThat(ThreadTable.minutes("2026-12-07T23:59:59.999Z")).isEqualTo("2026-12-07 23:59");
        assertThat(ThreadTable.minutes("yesterday")).isEqualTo("yesterday");
    }
}
