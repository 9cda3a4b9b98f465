package dev.course.server.app;

import dev.course.lessons.CourseContent;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.models.ModelService;
import dev.course.server.models.ModelServiceLimits;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The one assembly, started for real on a free port of 127.0.0.1 (no kernel starts: the pool has no
 * warm kernels and no page asks for one): serve's defaults, and the options that change them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CourseApplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KernelLauncher launcher() {
        return KernelLauncher.forThisApplication(Sandbox.detect(), KernelLimits.defaults());
    }

    private static CourseApplication.Builder application() {
        return CourseApplication.serving(CourseContent.packaged()).localKernels(launcher()).warmKernels(0).withoutSearchModel();
    }

    private static HttpResponse<String> get(CourseApplication app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.loopbackUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void localKernelsGetTheSharedModelServiceAsUnderServe() throws Exception {
        try (CourseApplication app = application().start()) {
            assertNotNull(app.modelService(), "serve's default: the bundled models once, in the server");
            assertSame(app.modelService(), app.kernels().host().modelService(), "the kernels' host sends its forward passes there");
            assertEquals("ok", get(app, "/healthz").body());
            assertEquals(200, get(app, "/").statusCode());
            assertNull(app.workshops(), "no workshop unless asked");
            assertEquals(0, app.kernels().size(), "no kernel before a page asks for one");
        }
    }

    @Test
    void modelsInKernelsLeavesTheKernelsWithoutAService() {
        try (CourseApplication app = application().modelsInKernels().start()) {
            assertNull(app.modelService());
            assertNull(app.kernels().host().modelService());
        }
    }

    @Test
    void aLauncherThatHasAModelServiceKeepsIt() {
        try (ModelService service = new ModelService(ModelServiceLimits.defaults());
             CourseApplication app = CourseApplication.serving(CourseContent.packaged())
                     .localKernels(launcher().withModelService(service)).warmKernels(0).withoutSearchModel().start()) {
            assertSame(service, app.modelService());
        }
    }

    @Test
    void workshopModeKeepsWorkshopsAndServesTheInstructorPage() throws Exception {
        String token = "instructor-token-for-the-application-test-0123";
        try (CourseApplication app = application().workshop(token).start()) {
            assertNotNull(app.workshops());
            app.workshops().create("Test workshop", java.util.List.of("foundations/vectors-and-similarity"));
            assertEquals(403, get(app, "/learn/foundations/vectors-and-similarity").statusCode(),
                    "a learner who has not joined sees the step locked");
        }
    }

    @Test
    void refusesAnApplicationWithoutKernelsOrWithImpossibleOptions() {
        CourseApplication.Builder noKernels = CourseApplication.serving(CourseContent.packaged());
        assertThrows(IllegalStateException.class, noKernels::start);
        assertThrows(IllegalArgumentException.class, () -> application().maxKernels(0));
        assertThrows(IllegalArgumentException.class, () -> application().warmKernels(-1));
        assertThrows(IllegalArgumentException.class, () -> application().idleTimeout(java.time.Duration.ZERO));
    }
}
