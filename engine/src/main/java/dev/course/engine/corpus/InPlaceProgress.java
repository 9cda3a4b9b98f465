package dev.course.engine.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@link Progress#inPlace}: the lines of the phases so far, the last one redrawn as it moves, handed
 * whole to a redraw function that replaces what it showed before (a kernel's display update).
 */
final class InPlaceProgress implements Progress {

    /** The shortest time between two redraws of the same phase; a phase's start and end always redraw. */
    static final long REDRAW_MILLIS = 250;

    private final Consumer<String> redraw;
    private final LongSupplier nanoClock;
    private final List<String> finished = new ArrayList<>();
    private String phase;
    private long phaseStart;
    private long lastRedraw;
    private String current = "";

    InPlaceProgress(Consumer<String> redraw, LongSupplier nanoClock) {
        this.redraw = Objects.requireNonNull(redraw, "redraw");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public synchronized void update(String newPhase, long done, long total) {
        long now = nanoClock.getAsLong();
        boolean starts = !newPhase.equals(phase);
        if (starts) {
            if (phase != null) {
                finished.add(current);
            }
            phase = newPhase;
            phaseStart = now;
        }
        boolean ends = total > 0 && done >= total;
        current = Progress.bar(phase, done, total, (now - phaseStart) / 1e9);
        if (starts || ends || (now - lastRedraw) / 1_000_000 >= REDRAW_MILLIS) {
            lastRedraw = now;
            var lines = new ArrayList<>(finished);
            lines.add(current);
            redraw.accept(String.join("\n", lines));
        }
    }
}
