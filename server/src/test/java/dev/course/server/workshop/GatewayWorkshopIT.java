package dev.course.server.workshop;

import dev.course.server.app.CourseApplication;
import dev.course.lessons.CourseContent;
import dev.course.server.kernel.GatewayKernels;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.remote.JupyterServerProcess;
import dev.course.server.web.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workshop whose kernels run on a real Jupyter Server, seen in a real Chromium: the learner's page
 * badge says the kernel is remote (and where), the first cell shows {@code 8.0}, and the instructor's dashboard shows the
 * learner's kernel with its memory "unknown" rather than a made-up figure. Closing the server
 * deletes the learner's kernel on the gateway.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GatewayWorkshopIT {

    private static final String TOKEN = "instructor-secret-for-gateway-tests-0123456789";

    @Test
    void aWorkshopOnAGatewaySaysRemoteAndMemoryUnknown(@TempDir Path dir) throws Exception {
        try (JupyterServerProcess jupyter = JupyterServerProcess.start(dir)) {
            ChromeDriver driver = Browser.start();
            GatewayKernels gateway = GatewayKernels.connect(jupyter.base().toString(), jupyter.token(),
                    GatewayKernels.DEFAULT_KERNEL, KernelLimits.defaults());
            CourseApplication server = CourseApplication.serving(CourseContent.packaged()).gatewayKernels(gateway)
                    .maxKernels(4).warmKernels(0).workshop(TOKEN).withoutSearchModel().start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                driver.get(base + "/instructor?token=" + TOKEN);
                driver.findElements(By.cssSelector("[data-testid=pick-lesson]")).getFirst().click();
                driver.findElement(By.cssSelector("[data-testid=start-workshop]")).click();
                String code = new WebDriverWait(driver, Duration.ofSeconds(20))
                        .until(d -> d.findElement(By.cssSelector("[data-testid=join-code]"))).getText();

                driver.get(base + "/join/" + code);
                driver.findElement(By.cssSelector("[data-testid=join-name]")).sendKeys("Grace");
                driver.findElement(By.cssSelector("[data-testid=join]")).click();
                driver.get(base + "/learn/foundations/vectors-and-similarity");
                WebElement badge = new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> {
                    WebElement state = d.findElement(By.cssSelector("[data-testid=kernel-state]"));
                    return state.getText().equals("kernel idle · remote") ? state : null;
                });
                assertTrue(badge.getAttribute("title").contains("gateway at " + jupyter.base()), badge.getAttribute("title"));

                driver.findElements(By.cssSelector("[data-testid=run]")).getFirst().click();
                new WebDriverWait(driver, Duration.ofSeconds(60)).until(d ->
                        d.findElements(By.cssSelector("[data-testid=output]")).getFirst().getText().contains("8.0"));
                Browser.screenshot(driver, "lesson-on-gateway");

                driver.get(base + "/instructor");
                String kernel = new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                        .until(d -> {
                            String text = d.findElement(By.cssSelector("[data-testid=learner-kernel]")).getText();
                            return text.startsWith("idle") ? text : null;
                        });
                assertTrue(kernel.contains("memory unknown"), "the dashboard does not make up a memory figure: " + kernel);
                Browser.screenshot(driver, "dashboard-on-gateway");
                assertTrue(!jupyter.client().kernels().isEmpty(), "the learner's kernel is on the gateway");
            } finally {
                driver.quit();
                server.close();
            }
            assertTrue(jupyter.client().kernels().isEmpty(), "closing the server deleted its kernels on the gateway");
        }
    }
}
