package dev.course.server.workshop;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import dev.course.server.web.Browser;
import dev.course.server.web.PageClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workshop for real: the instructor starts it in a headless Chromium, a learner joins with the
 * code and passes the exercise through the kernel WebSocket, and the live dashboard shows it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkshopIT {

    private static final String TOKEN = "instructor-secret-for-tests-0123456789";
    private static final String LESSON = "foundations/vectors-and-similarity";
    private static CourseApplication server;
    private static ChromeDriver driver;
    private static String base;
    private static String joinCode;
    private static String learner;

    @BeforeAll
    static void start() throws Exception {
        driver = Browser.start();
        server = TestServers.application().maxKernels(4).workshop(TOKEN).start();
        base = "http://127.0.0.1:" + server.port();
        learner = PageClient.newLearner(base);
    }

    @AfterAll
    static void stop() {
        Browser.stop(driver, server);
    }

    @Test
    @Order(1)
    void onlyTheInstructorReachesTheInstructorPages() throws Exception {
        try (PageClient stranger = new PageClient(base, PageClient.newLearner(base))) {
            assertEquals(403, stranger.get("/instructor").statusCode());
            assertEquals(403, stranger.get("/instructor?token=guess").statusCode());
            assertEquals(403, stranger.get("/api/instructor/dashboard").statusCode());
            assertEquals(403, stranger.postForm("/api/instructor/unlock", Map.of()).statusCode());
        }
    }

    @Test
    @Order(2)
    void theInstructorStartsAWorkshop() throws Exception {
        driver.get(base + "/instructor?token=" + TOKEN);
        driver.findElements(By.cssSelector("[data-testid=pick-lesson]")).getFirst().click();
        driver.findElement(By.cssSelector("[data-testid=start-workshop]")).click();
        joinCode = new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.cssSelector("[data-testid=join-code]"))).getText();
        assertEquals(6, joinCode.length(), joinCode);
    }

    @Test
    @Order(3)
    void aLearnerMustJoinAndSolutionsWaitForTheInstructor() throws Exception {
        try (PageClient outsider = new PageClient(base, PageClient.newLearner(base))) {
            assertEquals(403, outsider.get("/learn/" + LESSON).statusCode(), "not a member: the lesson is locked");
        }
        try (PageClient ada = new PageClient(base, learner)) {
            assertEquals(302, ada.postForm("/join/" + joinCode, Map.of("name", "Ada <script>")).statusCode());
            assertEquals(200, ada.get("/learn/" + LESSON).statusCode());
            assertEquals(403, ada.get("/api/solution/" + LESSON + "/cosine").statusCode(), "not revealed yet");
        }
    }

    @Test
    @Order(4)
    void theDashboardShowsAPassedExerciseWithinASecond() throws Exception {
        driver.get(base + "/instructor");
        // The dashboard re-renders on every push, so every read finds its element afresh.
        String rowText = new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("[data-testid=learner-row]")).getText());
        assertTrue(rowText.contains("Ada <script>"), "the name is shown as text: " + rowText);
        String mark = "[data-testid=learner-row] [data-exercise='" + LESSON + "/cosine']";
        assertEquals("todo", new WebDriverWait(driver, Duration.ofSeconds(5))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector(mark)).getAttribute("data-state")));

        try (PageClient ada = new PageClient(base, learner).open(LESSON)) {
            ada.execute("c1", "double dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }",
                    Duration.ofSeconds(90));
            ada.execute("c3", "double norm(double[] v) { return Math.sqrt(dot(v, v)); }", Duration.ofSeconds(30));
            ada.send(PageClient.command("check").put("exercise", "cosine")
                    .put("code", "double cosine(double[] x, double[] y) { return dot(x, y) / (norm(x) * norm(y)); }"));
            JsonNode verdict = ada.await(m -> m.path("phase").asText().equals("check")
                    && m.path("msg_type").asText().equals("execute_reply"), Duration.ofSeconds(60));
            long passedAt = System.nanoTime();
            assertEquals("ok", verdict.at("/content/status").asText());
            new WebDriverWait(driver, Duration.ofSeconds(1), Duration.ofMillis(20))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> "pass".equals(d.findElement(By.cssSelector(mark)).getAttribute("data-state")));
            long millis = (System.nanoTime() - passedAt) / 1_000_000;
            assertTrue(millis < 1000, "dashboard updated after " + millis + " ms");
        }
        Browser.screenshot(driver, "dashboard");
    }

    @Test
    @Order(5)
    void revealAndBroadcastReachTheLearner() throws Exception {
        driver.findElement(By.cssSelector("[data-testid=broadcast-input]")).sendKeys("Five minutes left on this step");
        driver.findElement(By.cssSelector("[data-testid=broadcast]")).click();
        // The dashboard re-renders on every update: find the button afresh until a click lands.
        new WebDriverWait(driver, Duration.ofSeconds(5)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(By.cssSelector("[data-testid=reveal]")).click();
                    return true;
                });
        try (PageClient ada = new PageClient(base, learner)) {
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> {
                try {
                    return ada.get("/api/solution/" + LESSON + "/cosine").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode state = new ObjectMapper().readTree(ada.get("/api/workshop").body());
            assertEquals("Five minutes left on this step", state.path("message").asText());
            assertEquals(List.of(LESSON), List.of(state.path("open").get(0).asText()));
        }
        Browser.screenshot(driver, "dashboard-after-reveal");
    }
}
