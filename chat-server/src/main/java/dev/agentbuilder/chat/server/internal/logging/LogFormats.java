package dev.agentbuilder.chat.server.internal.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.PropertyDefinerBase;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Text or JSON log lines. {@code logback.xml} picks its appender through {@link Definer}, by {@code CHAT_LOG_FORMAT}
 * in any case, from the environment or, for {@code --log-format}, a system property set here before the server logs
 * anything. Stateless.
 */
public final class LogFormats {

    private static final String PROPERTY = "CHAT_LOG_FORMAT";

    private LogFormats() {
    }

    /**
     * Applies {@code --log-format X} or {@code --log-format=X} from the command line, if given: Logback configured
     * itself when the first logger was made, from the environment only. Unknown values are left for picocli to refuse.
     */
    public static void fromArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if (args[i].equals("--log-format") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--log-format=")) {
                value = args[i].substring("--log-format=".length());
            }
            if (value == null) {
                continue;
            }
            value = value.trim().toLowerCase(Locale.ROOT);
            if ((value.equals("text") || value.equals("json")) && !value.equals(current())) {
                System.setProperty(PROPERTY, value);
                reconfigure();
            }
        }
    }

    /** Whether log lines are JSON. */
    public static boolean json() {
        return "json".equals(current());
    }

    private static String current() {
        String configured = System.getProperty(PROPERTY, System.getenv(PROPERTY));
        return configured == null ? "text" : configured.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code logback.xml}'s {@code LOG_FORMAT}: {@code json} or {@code text}, never another value, for which there
     * would be no {@code logback-VALUE.xml} to include (Logback would dump its status, in plain text). An unknown
     * format is picocli's to refuse; until then, lines are text.
     */
    public static final class Definer extends PropertyDefinerBase {
        @Override
        public String getPropertyValue() {
            return json() ? "json" : "text";
        }
    }

    private static void reconfigure() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LogFormats.class.getResource("/logback.xml"));
        } catch (JoranException e) {
            System.err.println("chat-server: could not configure logging: " + e.getMessage());
        }
    }
}
