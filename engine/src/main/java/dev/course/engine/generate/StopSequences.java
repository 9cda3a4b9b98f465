package dev.course.engine.generate;

import java.util.List;

/**
 * Watches streamed text for stop sequences. Text that could still be the start of a stop sequence
 * is held back, so the caller never sees half of "\nUser:" before generation stops.
 */
final class StopSequences {

    private final List<String> stops;
    private final StringBuilder text = new StringBuilder();
    private int released;
    private boolean stopped;

    StopSequences(List<String> stops) {
        this.stops = stops;
    }

    /** Adds text; returns the part that is now safe to show. */
    String push(String piece) {
        text.append(piece);
        for (String stop : stops) {
            int at = text.indexOf(stop, Math.max(0, released - stop.length()));
            if (at >= 0) {
                text.setLength(at);
                stopped = true;
            }
        }
        int safe = text.length();
        if (!stopped) {
            for (String stop : stops) {
                for (int k = Math.min(stop.length() - 1, text.length()); k > 0; k--) {
                    if (text.substring(text.length() - k).equals(stop.substring(0, k))) {
                        safe = Math.min(safe, text.length() - k);
                        break;
                    }
                }
            }
        }
        safe = Math.max(safe, released);
        String out = text.substring(released, safe);
        released = safe;
        return out;
    }

    /** Everything still held back (called at the end, when no stop can complete any more). */
    String flush() {
        String out = text.substring(released);
        released = text.length();
        return out;
    }

    boolean stopped() {
        return stopped;
    }

    String text() {
        return text.toString();
    }
}
