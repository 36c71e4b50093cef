package dev.agentbuilder.chat.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a server frame from a parsed JSON object by the decoding rules every client shares (the Java codec and the
 * TypeScript client decode the golden corpus in docs/corpus alike): per type, the required fields with their JSON
 * types; an optional field that is null counts as absent; unknown fields are ignored; enum values are not checked,
 * since later v1 servers may add some. Stateless.
 */
final class ServerFrameReader {

    /** The largest integer JavaScript holds exactly (2^53 - 1): clients in both languages read the same numbers. */
    static final long MAX_INTEGER = 9_007_199_254_740_991L;
    private static final BigDecimal MAX = BigDecimal.valueOf(MAX_INTEGER);

    private ServerFrameReader() {
    }

    /** The frame of this type, or why it is not one; {@code frame}'s {@code type} has already been read. */
    static Decoded<ServerFrame> read(String type, JsonObject frame) {
        Fields f = new Fields(type, "", frame);
        try {
            ServerFrame decoded = switch (type) {
                case "ready" -> new ServerFrame.Ready(f.string("threadId"), f.string("userId"),
                        f.string("connectionId"), f.integer("lastSeq", 0), agent(f.object("agent")),
                        f.string("status"), f.bool("reset"), limits(f.optionalObject("limits")),
                        quota(f.optionalObject("quota")));
                case "message" -> new ServerFrame.Message(f.integer("seq", 1), message(f.object("message")));
                case "agent_updated" -> new ServerFrame.AgentUpdated(f.integer("seq", 1), agent(f.object("agent")),
                        f.optionalString("source"));
                case "ack" -> new ServerFrame.Ack(f.optionalString("clientMessageId"), f.optionalString("messageId"),
                        f.integer("seq", 1), f.bool("duplicate"));
                case "status" -> new ServerFrame.Status(f.string("state"));
                case "file_status" -> new ServerFrame.FileStatus(file(f.object("file")));
                case "assistant_delta" -> new ServerFrame.AssistantDelta(f.string("messageId"), f.string("delta"),
                        f.optionalString("channel"), citations(f));
                case "agent_export" -> new ServerFrame.AgentExport(f.string("format"), f.string("content"),
                        f.integer("version", 0));
                case "error" -> new ServerFrame.ErrorFrame(f.string("code"), f.string("message"),
                        f.optionalString("clientMessageId"), f.optionalInteger("currentVersion"),
                        quota(f.optionalObject("quota")));
                case "pong" -> new ServerFrame.Pong();
                case "threads" -> new ServerFrame.Threads(threads(f), f.optionalString("nextCursor"),
                        f.optionalString("query"));
                case "thread_changed" -> new ServerFrame.ThreadChanged(f.string("change"), f.string("threadId"),
                        thread(f.optionalObject("thread")));
                case "thread_renamed" -> new ServerFrame.ThreadRenamed(thread(f.object("thread")),
                        f.optionalString("clientMessageId"));
                case "thread_deleted" -> new ServerFrame.ThreadDeleted(f.string("threadId"),
                        f.optionalString("clientMessageId"));
                default -> null;
            };
            if (decoded == null) {
                return new Decoded.Invalid<>(ErrorCodes.UNKNOWN_TYPE, "unknown frame type \""
                        + ProtocolCodec.abbreviate(type) + "\"", null);
            }
            return new Decoded.Ok<>(decoded);
        } catch (BadField bad) {
            return new Decoded.Invalid<>(ErrorCodes.INVALID_MESSAGE, bad.getMessage(), null);
        }
    }

    private static WireAgent agent(Fields f) {
        List<WireFile> files = new ArrayList<>();
        for (Fields file : f.optionalObjects("files")) {
            files.add(file(file));
        }
        return new WireAgent(f.string("name"), f.string("description"), f.string("instructions"),
                f.strings("conversationStarters"), f.strings("capabilities"), f.integer("version", 0), files);
    }

    private static WireFile file(Fields f) {
        return new WireFile(f.string("fileId"), f.string("name"), f.integer("size", 0), f.string("type"),
                f.string("status"), f.optionalString("error"));
    }

    private static List<WireCitation> citations(Fields f) {
        List<WireCitation> out = new ArrayList<>();
        for (Fields c : f.optionalObjects("citations")) {
            out.add(new WireCitation(c.string("fileId"), c.string("fileName"), c.string("text"),
                    c.count("passage", 0), c.count("start", 0), c.count("end", 0), c.number("score")));
        }
        return out;
    }

    private static List<WireThread> threads(Fields f) {
        List<WireThread> out = new ArrayList<>();
        for (Fields thread : f.objects("threads")) {
            out.add(thread(thread));
        }
        return out;
    }

    private static WireThread thread(Fields f) {
        if (f == null) {
            return null;
        }
        Fields agent = f.object("agent");
        return new WireThread(f.string("threadId"), f.string("title"), f.string("createdAt"), f.string("updatedAt"),
                new WireThread.Agent(agent.string("name"), agent.integer("version", 0)),
                f.optionalString("lastMessage"), f.integer("messageCount", 0), threadUsage(f.optionalObject("usage")));
    }

    private static WireThread.WireThreadUsage threadUsage(Fields f) {
        return f == null ? null
                : new WireThread.WireThreadUsage(f.integer("inputTokens", 0), f.integer("outputTokens", 0));
    }

    private static WireQuota quota(Fields f) {
        return f == null ? null : new WireQuota(f.integer("used", 0), f.integer("limit", 1), f.string("renewsAt"));
    }

    private static WireLimits limits(Fields f) {
        return f == null ? null : new WireLimits(f.count("messageChars", 1), f.count("nameChars", 1),
                f.count("descriptionChars", 1), f.count("instructionsChars", 1), f.count("conversationStarters", 1),
                f.count("conversationStarterChars", 1), f.optionalInteger("fileBytes"), optionalCount(f, "files"));
    }

    private static Integer optionalCount(Fields f, String name) {
        return f.optionalInteger(name) == null ? null : f.count(name, 0);
    }

    private static WireMessage message(Fields f) {
        Fields usage = f.optionalObject("usage");
        return new WireMessage(f.string("id"), f.string("role"), f.string("content"), f.string("createdAt"),
                f.optionalString("userId"), f.optionalString("clientMessageId"), f.optionalString("replyTo"),
                f.optionalBool("stopped"),
                usage == null ? null : new WireUsage(usage.count("inputTokens", 0), usage.count("outputTokens", 0)),
                f.optionalString("channel"), citations(f));
    }

    /** A field that breaks its rule; caught in {@link #read}, never leaves this class. */
    private static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }

    /** The members of one JSON object of a frame, read by rule; {@code path} names where the object sits. */
    private record Fields(String type, String path, JsonObject object) {

        String string(String name) {
            String value = optionalString(name);
            return value == null ? missing(name, "a string") : value;
        }

        String optionalString(String name) {
            JsonElement e = present(name);
            if (e == null) {
                return null;
            }
            if (e instanceof JsonPrimitive p && p.isString()) {
                return p.getAsString();
            }
            throw wrong(name, "a string");
        }

        boolean bool(String name) {
            Boolean value = optionalBool(name);
            return value == null ? missing(name, "a boolean") : value;
        }

        Boolean optionalBool(String name) {
            JsonElement e = present(name);
            if (e == null) {
                return null;
            }
            if (e instanceof JsonPrimitive p && p.isBoolean()) {
                return p.getAsBoolean();
            }
            throw wrong(name, "a boolean");
        }

        long integer(String name, long min) {
            Long value = integerAtLeast(name, min);
            return value == null ? missing(name, integerRule(min)) : value;
        }

        Long optionalInteger(String name) {
            return integerAtLeast(name, 0);
        }

        /** A count (of tokens, of characters): an integer from {@code min}, within what an {@code int} holds. */
        int count(String name, long min) {
            long value = integer(name, min);
            if (value > Integer.MAX_VALUE) {
                throw new BadField(type + ": \"" + path + name + "\" is " + value + ", more than this decoder holds ("
                        + Integer.MAX_VALUE + ")");
            }
            return (int) value;
        }

        Fields object(String name) {
            Fields value = optionalObject(name);
            return value == null ? missing(name, "an object") : value;
        }

        Fields optionalObject(String name) {
            JsonElement e = present(name);
            if (e == null) {
                return null;
            }
            if (e.isJsonObject()) {
                return new Fields(type, path + name + ".", e.getAsJsonObject());
            }
            throw wrong(name, "an object");
        }

        /** An array of objects that may be absent (then empty). */
        List<Fields> optionalObjects(String name) {
            return present(name) == null ? List.of() : objects(name);
        }

        double number(String name) {
            JsonElement e = present(name);
            if (e == null) {
                return missing(name, "a number");
            }
            if (e instanceof JsonPrimitive p && p.isNumber()) {
                return p.getAsDouble();
            }
            throw wrong(name, "a number");
        }

        List<Fields> objects(String name) {
            JsonElement e = present(name);
            if (e == null) {
                return missing(name, "an array of objects");
            }
            if (!e.isJsonArray()) {
                throw wrong(name, "an array of objects");
            }
            List<Fields> out = new ArrayList<>();
            int i = 0;
            for (JsonElement item : e.getAsJsonArray()) {
                if (!item.isJsonObject()) {
                    throw wrong(name, "an array of objects");
                }
                out.add(new Fields(type, path + name + "[" + i++ + "].", item.getAsJsonObject()));
            }
            return out;
        }

        List<String> strings(String name) {
            JsonElement e = present(name);
            if (e == null) {
                return missing(name, "an array of strings");
            }
            if (!e.isJsonArray()) {
                throw wrong(name, "an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonElement item : e.getAsJsonArray()) {
                if (!(item instanceof JsonPrimitive p && p.isString())) {
                    throw wrong(name, "an array of strings");
                }
                out.add(p.getAsString());
            }
            return out;
        }

        private Long integerAtLeast(String name, long min) {
            JsonElement e = present(name);
            if (e == null) {
                return null;
            }
            if (!(e instanceof JsonPrimitive p && p.isNumber())) {
                throw wrong(name, integerRule(min));
            }
            BigDecimal n;
            try {
                n = p.getAsBigDecimal();
            } catch (NumberFormatException ex) {
                throw wrong(name, integerRule(min));
            }
            // 1.0 and 1e3 are whole numbers: a JavaScript client cannot tell them from 1 and 1000 either.
            boolean whole = n.stripTrailingZeros().scale() <= 0;
            if (!whole || n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(MAX) > 0) {
                throw wrong(name, integerRule(min));
            }
            return n.longValue();
        }

        /** The member, or null when it is absent or JSON null (which counts as absent). */
        private JsonElement present(String name) {
            JsonElement e = object.get(name);
            return e == null || e.isJsonNull() ? null : e;
        }

        private <T> T missing(String name, String rule) {
            throw new BadField(type + " needs \"" + path + name + "\", " + rule);
        }

        private BadField wrong(String name, String rule) {
            return new BadField(type + ": \"" + path + name + "\" must be " + rule);
        }

        private static String integerRule(long min) {
            return "an integer from " + min + " to 2^53 - 1";
        }
    }
}
