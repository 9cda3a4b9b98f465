package dev.course.server.web;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
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
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concept checks for real, in a workshop: a learner answers on the page with the keyboard in a
 * headless Chromium, the server judges and records each answer and refuses anything that is not an
 * answer, a locked step's checks stay closed, and the instructor's dashboard counts who was right
 * the first time. Leaves a screenshot of an answered check in dark mode
 * ({@code target/screenshots/concept-check.png}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConceptCheckIT {

    private static final String TOKEN = "instructor-secret-for-tests-0123456789";
    private static final String OPEN = "foundations/vectors-and-similarity";
    private static final String LOCKED = "build-your-own-search/tokens-and-wordpiece";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CourseApplication server;
    private static ChromeDriver driver;
    private static String base;
    private static String learner;

    @BeforeAll
    static void start() throws Exception {
        driver = Browser.start();
        server = TestServers.application().maxKernels(1).workshop(TOKEN).start();
        base = "http://127.0.0.1:" + server.port();
        learner = PageClient.newLearner(base);
    }

    @AfterAll
    static void stop() {
        Browser.stop(driver, server);
    }

    @Test
    @Order(1)
    void theInstructorStartsAWorkshopOfTwoStepsAndTheLearnerJoins() throws Exception {
        driver.get(base + "/instructor?token=" + TOKEN);
        var picks = driver.findElements(By.cssSelector("[data-testid=pick-lesson]"));
        assertEquals(OPEN, picks.get(0).getAttribute("value"));
        assertEquals(LOCKED, picks.get(1).getAttribute("value"));
        picks.get(0).click();
        picks.get(1).click();
        driver.findElement(By.cssSelector("[data-testid=start-workshop]")).click();
        String code = new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.cssSelector("[data-testid=join-code]"))).getText();
        try (PageClient ada = new PageClient(base, learner)) {
            assertEquals(302, ada.postForm("/join/" + code, Map.of("name", "Ada")).statusCode());
        }
    }

    @Test
    @Order(2)
    void aLockedStepsChecksStayClosed() throws Exception {
        try (PageClient ada = new PageClient(base, learner)) {
            assertEquals(403, ada.postForm("/api/check/" + LOCKED + "/vocabulary-size", Map.of("answer", "30522")).statusCode(),
                    "no answering a locked step's check");
            JsonNode progress = JSON.readTree(ada.get("/api/progress/" + LOCKED).body());
            assertEquals(0, progress.get("checks").size(), "no feedback (the answers) of a locked step: " + progress);
            assertEquals(403, ada.get("/learn/" + LOCKED).statusCode());
            assertEquals(403, ada.get("/notebooks/" + LOCKED + ".ipynb").statusCode(), "nor its notebook, which holds the answers");
        }
    }

    @Test
    @Order(3)
    void onlyRealAnswersToRealChecksAreRecorded() throws Exception {
        try (PageClient ada = new PageClient(base, learner)) {
            String url = "/api/check/" + OPEN + "/";
            assertEquals(404, ada.postForm(url + "no-such-check", Map.of("answer", "0")).statusCode());
            assertEquals(400, ada.postForm(url + "doubling-a", Map.of("answer", "3")).statusCode(), "only the three options");
            assertEquals(400, ada.postForm(url + "doubling-a", Map.of("answer", "")).statusCode());
            assertEquals(400, ada.postForm(url + "doubling-a", Map.of()).statusCode());
            assertEquals(400, ada.postForm(url + "right-angle", Map.of("answer", "zero")).statusCode());
            HttpResponse<String> bad = ada.postForm(url + "right-angle", Map.of("answer", "1".repeat(100)));
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("at most 40 characters"), bad.body());
            assertEquals(403, post(url + "doubling-a", "answer=1", PageClient.LEARNER_COOKIE + "=" + learner, "http://evil.example").statusCode(),
                    "another site's page");
            assertEquals(403, post(url + "doubling-a", "answer=1", null, base).statusCode(), "no learner cookie");
            assertTrue(JSON.readTree(ada.get("/api/progress/" + OPEN).body()).get("checks").isEmpty(), "nothing was recorded");

            HttpResponse<String> wrong = ada.postForm(url + "doubling-a", Map.of("answer", "0"));
            assertEquals(200, wrong.statusCode(), wrong.body());
            JsonNode verdict = JSON.readTree(wrong.body());
            assertFalse(verdict.get("correct").asBoolean());
            assertEquals(1, verdict.get("right").asInt());
            assertEquals(3, verdict.get("explanations").size(), "an explanation for every option");
            JsonNode saved = JSON.readTree(ada.get("/api/progress/" + OPEN).body()).at("/checks/doubling-a");
            assertEquals("0", saved.get("answer").asText(), "recorded: " + saved);
        }
    }

    @Test
    @Order(4)
    void theLearnerAnswersWithTheKeyboardAndReadsTheExplanations() throws Exception {
        driver.get(base + "/healthz");
        driver.manage().addCookie(new Cookie(PageClient.LEARNER_COOKIE, learner));
        driver.get(base + "/learn/" + OPEN);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-checks-restored")));

        WebElement doubling = section("doubling-a");
        assertEquals("wrong", doubling.getAttribute("data-state"), "the earlier answer is shown again on load");
        assertEquals("right", doubling.findElements(By.cssSelector("[data-testid=check-option]")).get(1).getAttribute("data-verdict"));

        // A choice, by keyboard only: focus the first option, arrow to the second, Tab to Answer, Enter.
        WebElement units = section("unit-vectors");
        for (WebElement radio : units.findElements(By.cssSelector("input[type=radio]"))) {
            assertEquals(1, units.findElements(By.cssSelector("label[for='" + radio.getAttribute("id") + "']")).size(),
                    "every option has its label");
        }
        units.findElements(By.cssSelector("input[type=radio]")).getFirst().sendKeys(Keys.SPACE);
        driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertEquals("check-submit", driver.switchTo().activeElement().getAttribute("data-testid"));
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(d -> "right".equals(section("unit-vectors").getAttribute("data-state")));
        String feedback = section("unit-vectors").findElement(By.cssSelector("[data-testid=check-feedback]")).getText();
        assertTrue(feedback.startsWith("Right."), feedback);
        assertTrue(feedback.contains("multiply-add"), "the picked option's explanation: " + feedback);
        var explanations = section("unit-vectors").findElements(By.cssSelector(".check-explanation"));
        assertTrue(explanations.get(0).isDisplayed() && explanations.get(2).isDisplayed(), "and every other option's under it");
        assertFalse(explanations.get(1).isDisplayed(), "the picked option's is not shown twice");

        // A number: type it and press Enter.
        section("right-angle").findElement(By.cssSelector("[data-testid=check-answer]")).sendKeys("0", Keys.ENTER);
        wait.until(d -> "right".equals(section("right-angle").getAttribute("data-state")));

        driver.findElement(By.cssSelector("[data-action=theme]")).click();
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -70);", section("doubling-a"));
        Browser.screenshot(driver, "concept-check");
        driver.findElement(By.cssSelector("[data-action=theme]")).click();
    }

    @Test
    @Order(5)
    void theDashboardCountsWhoWasRightTheFirstTime() throws Exception {
        driver.get(base + "/api/instructor/dashboard");
        JsonNode room = JSON.readTree(driver.findElement(By.tagName("body")).getText());
        JsonNode checks = room.at("/steps/0/checks");
        assertEquals("doubling-a", checks.get(0).get("id").asText());
        assertEquals(1, checks.get(0).get("answered").asInt());
        assertEquals(0, checks.get(0).get("rightFirstTime").asInt(), "Ada's first answer was wrong");
        assertEquals(1, checks.get(1).get("rightFirstTime").asInt());
        assertEquals(1, checks.get(2).get("rightFirstTime").asInt());

        driver.get(base + "/instructor");
        String tallies = new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("[data-testid=check-tallies]")).getText());
        assertTrue(tallies.contains("doubling-a: 0% right first time (0 of 1)"), tallies);
        assertTrue(tallies.contains("right-angle: 100% right first time (1 of 1)"), tallies);
    }

    @Test
    @Order(6)
    void anUnlockedStepsChecksOpen() throws Exception {
        driver.findElement(By.cssSelector("[data-testid=unlock]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("[data-testid=unlocked]")).getText().startsWith("2 of 2"));
        try (PageClient ada = new PageClient(base, learner)) {
            HttpResponse<String> answer = ada.postForm("/api/check/" + LOCKED + "/vocabulary-size", Map.of("answer", "30522"));
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(JSON.readTree(answer.body()).get("correct").asBoolean());
        }
    }

    private static WebElement section(String check) {
        return driver.findElement(By.cssSelector("[data-testid=concept-check][data-check='" + check + "']"));
    }

    private static HttpResponse<String> post(String path, String body, String cookie, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
