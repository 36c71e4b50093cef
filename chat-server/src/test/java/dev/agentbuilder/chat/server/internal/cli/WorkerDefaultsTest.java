package dev.agentbuilder.chat.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.server.internal.cli.StoreOptions.StoreKind;
import org.junit.jupiter.api.Test;

/** How many workers run the chat threads' work when {@code --workers} is not given. */
class WorkerDefaultsTest {

    @Test
    void aLocalStoreLeavesOneCoreToTheNetworkThreads() {
        assertThat(EngineOptions.defaultWorkers(StoreKind.sqlite, 2)).isEqualTo(1);
        assertThat(EngineOptions.defaultWorkers(StoreKind.memory, 8)).isEqualTo(7);
    }

    @Test
    void aSingleCoreStillGetsOneWorker() {
        assertThat(EngineOptions.defaultWorkers(StoreKind.sqlite, 1)).isEqualTo(1);
    }

    @Test
    void postgresGetsWorkersToWaitOnItsRoundTrips() {
        assertThat(EngineOptions.defaultWorkers(StoreKind.postgres, 2)).isEqualTo(32);
    }
}
