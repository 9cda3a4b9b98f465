package dev.course.server.workshop;

import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.lessons.Track;
import dev.course.server.web.WebToolkit;

import static dev.course.lessons.Html.escape;

/** The instructor's two pages: pick the lessons of a workshop, then run it from the live dashboard. */
final class InstructorPage {

    private InstructorPage() {
    }

    static String start(WebToolkit web, Course course) {
        StringBuilder body = new StringBuilder();
        body.append("<article class=\"instructor\"><p class=\"eyebrow\">Instructor</p><h1>Start a workshop</h1>")
                .append("<form method=\"post\" action=\"/api/instructor/workshop\" class=\"start-workshop\">")
                .append("<label for=\"title\">Title learners will see</label>")
                .append("<input id=\"title\" name=\"title\" maxlength=\"120\" value=\"").append(escape(course.title())).append("\">")
                .append("<p>Lessons, in order (learners start with the first; you unlock the next ones):</p>");
        for (Track track : course.tracks()) {
            body.append("<fieldset><legend>").append(escape(track.title())).append("</legend>");
            for (Lesson lesson : track.lessons()) {
                String path = WebToolkit.lessonPath(lesson);
                body.append("<label class=\"pick\"><input type=\"checkbox\" name=\"lesson\" value=\"").append(escape(path))
                        .append("\" data-testid=\"pick-lesson\"> ").append(escape(lesson.meta().title())).append("</label>");
            }
            body.append("</fieldset>");
        }
        body.append("<button type=\"submit\" class=\"check\" data-testid=\"start-workshop\">Start workshop</button></form></article>");
        return web.page("Instructor · " + course.title(), course, body.toString(), "page-instructor");
    }

    static String dashboard(WebToolkit web, Course course, Workshop workshop, String base) {
        String joinUrl = base + "/join/" + workshop.code();
        String body = """
                <article class="dashboard" data-testid="dashboard">
                <header class="dashboard-header">
                  <div><p class="eyebrow">Workshop</p><h1>%s</h1></div>
                  <div class="join-box"><span>Join code</span><strong data-testid="join-code">%s</strong><a href="%s">%s</a></div>
                </header>
                <section class="controls">
                  <form method="post" action="/api/instructor/unlock" data-ajax><button type="submit" class="check" data-testid="unlock">Unlock next step</button>
                    <span class="unlocked" data-testid="unlocked"></span></form>
                  <form method="post" action="/api/instructor/broadcast" data-ajax class="broadcast">
                    <input name="message" maxlength="500" placeholder="Message to everyone" aria-label="Message to everyone" data-testid="broadcast-input">
                    <button type="submit" class="icon-button" data-testid="broadcast">Send</button></form>
                  <a class="icon-button" href="/learn/%s?present" target="_blank" rel="noopener">Presenter view</a>
                  <form method="post" action="/api/instructor/end" class="end"><button type="submit" class="link-button">End workshop</button></form>
                </section>
                <p class="last-message" data-testid="last-message" hidden></p>
                <section class="steps" data-testid="steps"></section>
                <table class="learners" data-testid="learners"><thead><tr><th>Learner</th><th>Step</th><th title="Checks run in the learner's own kernel, which runs their code: a learner can fake a pass">Exercises (self-checked)</th><th>Kernel</th><th></th></tr></thead>
                <tbody></tbody></table>
                <p class="empty-room" data-testid="empty-room">Nobody has joined yet. Share the code above.</p>
                </article>
                <script src="/assets/dashboard.js"></script>
                """.formatted(escape(workshop.title()), escape(workshop.code()), escape(joinUrl), escape(joinUrl),
                escape(workshop.lessons().getFirst()));
        return web.page("Dashboard · " + workshop.title(), course, body, "page-dashboard");
    }
}
