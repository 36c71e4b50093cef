package dev.agentbuilder.chat.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** What {@link LogRouting} sends to SLF4J, as Logback receives it. */
class LogRoutingTest {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Thread.UncaughtExceptionHandler previous;

    @BeforeEach
    void install() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        events.start();
        root.addAppender(events);
        LogRouting.install();
    }

    @AfterEach
    void uninstall() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
        SLF4JBridgeHandler.uninstall();
        root.detachAppender(events);
    }

    @Test
    void aThreadThatDiesOfAnUncaughtExceptionIsLoggedAsAnErrorWithItsStackTrace() throws InterruptedException {
        Thread doomed = new Thread(() -> {
            throw new IllegalStateException("boom");
        }, "doomed-thread");
        doomed.start();
        doomed.join();

        assertThat(events.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("doomed-thread");
            assertThat(event.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("boom");
        });
    }

    @Test
    void javaUtilLoggingRecordsReachSlf4jUnderTheirLoggersName() {
        java.util.logging.Logger.getLogger("dev.agentbuilder.jul.test").warning("from java.util.logging");

        assertThat(events.list).anySatisfy(event -> {
            assertThat(event.getLoggerName()).isEqualTo("dev.agentbuilder.jul.test");
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo("from java.util.logging");
        });
    }
}
