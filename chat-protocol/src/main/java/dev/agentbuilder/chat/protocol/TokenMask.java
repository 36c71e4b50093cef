package dev.agentbuilder.chat.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Hides connection tokens in URLs that are printed or logged: the value of every {@code token} query parameter
 * becomes {@code ***}. The server and chat-cli both mask with this. Stateless.
 */
public final class TokenMask {

    public static final String MASK = "***";

    private TokenMask() {
    }

    /**
     * {@code url} with the value of each {@code token} parameter (its name matched ignoring case and after
     * percent-decoding) replaced by {@code ***}; the rest is kept as given. Works on text that is not a valid URL, and
     * on a bare request line ({@code /path?query}) too; null stays null.
     */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        int mark = url.indexOf('?');
        if (mark < 0) {
            return url;
        }
        int hash = url.indexOf('#', mark);
        int end = hash < 0 ? url.length() : hash;
        StringBuilder out = new StringBuilder(url.length()).append(url, 0, mark + 1);
        String[] pairs = url.substring(mark + 1, end).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            out.append(i == 0 ? "" : "&").append(eq >= 0 && isToken(rawName) ? rawName + "=" + MASK : pair);
        }
        return out.append(url, end, url.length()).toString();
    }

    private static boolean isToken(String rawName) {
        String name;
        try {
            name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            name = rawName;
        }
        return name.equalsIgnoreCase("token");
    }
}
