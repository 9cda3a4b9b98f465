package dev.course.server.workshop;

import dev.course.lessons.Course;
import dev.course.server.kernel.KernelPool;
import dev.course.server.web.CourseMode;
import dev.course.server.web.WebToolkit;
import io.javalin.config.RoutesConfig;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Workshop mode, as the web server runs it: the rules that keep a room of learners in step (a
 * member opens only the steps the instructor has unlocked, and sees a solution only once it is
 * revealed), and the workshop's own pages ({@link WorkshopRoutes}, with the live
 * {@link Dashboard}). The application makes one ({@code CourseApplication.Builder.workshop}) and
 * hands it to the web server as its {@link CourseMode}.
 */
public final class WorkshopMode implements CourseMode {

    private final Supplier<Course> course;
    private final WorkshopStore store;
    private final KernelPool kernels;
    private final String instructorToken;
    private final Dashboard dashboard;

    /**
     * @param store           workshops in the server's database
     * @param kernels         the learners' kernels, shown on the dashboard and restarted from it
     * @param instructorToken what the instructor presents once at {@code /instructor?token=…}
     *                        ({@link InstructorToken#newToken()} makes one)
     */
    public WorkshopMode(Supplier<Course> course, WorkshopStore store, KernelPool kernels, String instructorToken) {
        this.course = course;
        this.store = store;
        this.kernels = kernels;
        this.instructorToken = InstructorToken.checked(instructorToken);
        this.dashboard = new Dashboard(course, store, kernels);
    }

    /** The workshops this mode runs. */
    public WorkshopStore store() {
        return store;
    }

    /**
     * A member, on an open step. A server in workshop mode with no workshop running opens nothing
     * (it fails closed): the room waits for the instructor.
     */
    @Override
    public boolean mayOpen(String learner, String lesson) {
        Optional<Workshop> workshop = store.active();
        return workshop.isPresent() && workshop.get().isOpen(lesson) && store.isMember(workshop.get().code(), learner);
    }

    /** Only once the instructor of a running workshop reveals it. */
    @Override
    public boolean maySeeSolution(String lesson, String exercise) {
        return store.active().map(workshop -> workshop.isRevealed(lesson, exercise)).orElse(false);
    }

    /** A room of learners reaches the server. */
    @Override
    public boolean shared() {
        return true;
    }

    /** Not yet (a member), join first (not a member), or wait for the instructor (no workshop running). */
    @Override
    public String lockedNotice(String learner) {
        Optional<Workshop> workshop = store.active();
        boolean member = workshop.isPresent() && store.isMember(workshop.get().code(), learner);
        return "<article class=\"lesson\"><h1>" + (member ? "Not yet" : workshop.isEmpty() ? "No workshop yet"
                : "Join the workshop") + "</h1><p class=\"lead\">"
                + (member ? "Your instructor has not opened this step yet. It opens for everyone at once."
                : workshop.isEmpty() ? "This course runs as a workshop, and none has started. Your instructor will give you a join code."
                : "This course is running as a workshop. Ask your instructor for the join code and open /join/CODE.")
                + "</p></article>";
    }

    @Override
    public void register(RoutesConfig routes, WebToolkit web) {
        new WorkshopRoutes(course, store, kernels, dashboard, new InstructorToken(instructorToken, web), web).register(routes);
    }

    /** Stops pushing the dashboard. */
    @Override
    public void close() {
        dashboard.close();
    }
}
