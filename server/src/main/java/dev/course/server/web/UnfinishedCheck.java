package dev.course.server.web;

import dev.course.server.kernel.KernelSession;

import java.time.Duration;

/**
 * What the page says when an exercise's check ends without a verdict, so that the learner never
 * stares at "Checking…" or at a bare stop signal. A check runs in two cells — the learner's code,
 * then the hidden checks against it — and each has the cell's wall clock.
 */
final class UnfinishedCheck {

    private UnfinishedCheck() {
    }

    /**
     * The message for a check whose code or checks cell did not end {@code ok}.
     *
     * @param reply     how the cell ended
     * @param wallClock the cell's wall clock
     * @param checking  false for the learner's code, true for the checks run against it
     */
    static String explain(KernelSession.Reply reply, Duration wallClock, boolean checking) {
        String restarted = reply.restarted()
                ? " The kernel was restarted, so run the cells above again before you check." : "";
        if (reply.timedOut()) {
            return "The check stopped after " + seconds(wallClock) + ": your code did not finish — look for a loop that"
                    + " never ends (or one that runs far too long), fix it, then check again." + restarted;
        }
        if (reply.interrupted()) {
            return "The check was stopped before it finished, so it gave no verdict. Check again when your code is ready.";
        }
        if (reply.restarted()) {
            return "The check did not finish: the kernel stopped (" + reply.restartReason() + ")."
                    + " Run the cells above again, then check again.";
        }
        return checking
                ? "The checks could not run against your code; see the error above. Keep the names and types the"
                  + " exercise gives, then check again."
                : "Your code did not run; fix the error shown above, then check again.";
    }

    private static String seconds(Duration wallClock) {
        long seconds = wallClock.toSeconds();
        return seconds >= 60 && seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " s";
    }
}
