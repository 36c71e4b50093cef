package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.common.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli's side of {@link Durations#parse} for chat-cli's options. Every duration chat-cli takes is a wait (a
 * timeout, a token's lifetime, a backoff), so zero is refused here too. Stateless.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (duration.isZero()) {
            throw new TypeConversionException("'" + value + "' must be more than zero");
        }
        return duration;
    }
}
