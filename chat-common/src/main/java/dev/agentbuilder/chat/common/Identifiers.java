package dev.agentbuilder.chat.common;

import java.util.regex.Pattern;

/** The rule for thread, user and client message ids: 1 to 128 characters of {@code A-Z a-z 0-9 _ . : -}. */
public final class Identifiers {

    public static final int MAX_LENGTH = 128;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private Identifiers() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Returns {@code id}, or throws {@link IllegalArgumentException} naming the field and the bad value. */
    public static String require(String field, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field + " must be 1 to 128 characters of A-Z a-z 0-9 _ . : - but was: "
                    + (id == null ? "null" : '"' + abbreviate(id) + '"'));
        }
        return id;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
