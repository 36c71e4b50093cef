package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import java.util.List;
import org.junit.jupiter.api.Test;

class DraftHistoryTest {

    private static final WireAgent V1 = new WireAgent("", "Helps you plan trips.", "", List.of(), List.of(), 1);
    private static final WireAgent V2 = new WireAgent("Trip Planner", "Helps you plan trips.", "", List.of(),
            List.of(), 2);
    private static final WireAgent V3 = new WireAgent("Trip Planner", "Helps you plan trips.", "Be brief.",
            List.of("Plan a weekend in Rome"), List.of("web_search"), 3);

    private final DraftHistory history = new DraftHistory();

    @Test
    void eachVersionIsDescribedByWhoMadeItAndWhatChangedSinceTheOneBefore() {
        history.joined(V3, false);
        history.updated(new ServerFrame.AgentUpdated(1, V1, null));
        history.updated(new ServerFrame.AgentUpdated(2, V2, "builder"));
        history.updated(new ServerFrame.AgentUpdated(3, V3, "user"));

        assertThat(history.versions()).extracting(history::describe).containsExactly(
                "v1  builder  (unnamed), changed description",
                "v2  builder  \"Trip Planner\", changed name",
                "v3  user     \"Trip Planner\", changed instructions, starters, capabilities");
    }

    @Test
    void aVersionEqualToTheOneBeforeSaysNoChangeAndOneAfterAGapSaysOnlyItsName() {
        history.updated(new ServerFrame.AgentUpdated(7, new WireAgent("Trip Planner", "Helps you plan trips.", "",
                List.of(), List.of(), 3), "revert"));
        history.updated(new ServerFrame.AgentUpdated(8, new WireAgent("Trip Planner", "Helps you plan trips.", "",
                List.of(), List.of(), 4), "user"));

        assertThat(history.versions()).extracting(history::describe).containsExactly(
                "v3  revert   \"Trip Planner\"",
                "v4  user     \"Trip Planner\", no change");
        assertThat(history.incomplete()).isTrue();
    }

    @Test
    void aResetForgetsTheVersionsOfTheServersEarlierHistory() {
        history.joined(V2, false);
        history.updated(new ServerFrame.AgentUpdated(1, V1, null));
        history.updated(new ServerFrame.AgentUpdated(2, V2, null));

        history.joined(V1, true);

        assertThat(history.current()).isEqualTo(V1);
        assertThat(history.versions()).isEmpty();
        assertThat(history.incomplete()).isTrue();
    }

    @Test
    void aNewThreadsHistoryIsCompleteWithNoVersions() {
        history.joined(DraftHistory.EMPTY, false);

        assertThat(history.incomplete()).isFalse();
        assertThat(history.versions()).isEmpty();
    }
}
