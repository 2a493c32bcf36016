package io.orderflow.httpapi;

/**
 * The paging parameters of a list endpoint: {@code limit} and {@code cursor} (the
 * {@code next_cursor} of the previous page; an offset, opaque to clients). Bad values get a 400.
 */
public record PageRequest(int limit, int offset) {

    public static PageRequest of(String limit, String cursor, int defaultLimit, int maxLimit) {
        return new PageRequest(number("limit", limit, defaultLimit, 1, maxLimit),
                number("cursor", cursor, 0, 0, Integer.MAX_VALUE - maxLimit - 1));
    }

    /** The cursor of the page after this one, when there is one. */
    public String nextCursor(boolean more) {
        return more ? String.valueOf(offset + limit) : null;
    }

    private static int number(String name, String value, int otherwise, int min, int max) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                throw ApiException.invalid("'" + name + "' must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("'" + name + "' must be a whole number");
        }
    }
}
