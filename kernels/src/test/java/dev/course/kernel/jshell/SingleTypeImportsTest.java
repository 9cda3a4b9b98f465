package dev.course.kernel.jshell;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleTypeImportsTest {

    @Test
    void jdkImportsStayOnDemand() {
        assertEquals(List.of("import java.util.*;"), SingleTypeImports.expand("import java.util.*;"));
    }

    @Test
    void aCoursePackageBecomesItsPublicTypes() {
        List<String> lines = SingleTypeImports.expand("import dev.course.engine.display.*;");
        assertTrue(lines.contains("import dev.course.engine.display.MimeBundle;"), lines.toString());
        assertTrue(lines.contains("import dev.course.engine.display.Renderable;"), lines.toString());
        assertTrue(lines.stream().noneMatch(line -> line.contains("*") || line.contains("package-info")), lines.toString());
    }

    @Test
    void aStaticOnDemandImportBecomesItsStaticMembers() {
        List<String> lines = SingleTypeImports.expand("import static dev.course.kernel.display.Display.*;");
        assertTrue(lines.containsAll(List.of("import static dev.course.kernel.display.Display.display;",
                "import static dev.course.kernel.display.Display.html;", "import static dev.course.kernel.display.Display.svg;",
                "import static dev.course.kernel.display.Display.markdown;")), lines.toString());
    }

    @Test
    void whatCannotBeListedIsKeptAsWritten() {
        assertEquals(List.of("import no.such.pkg.*;"), SingleTypeImports.expand("import no.such.pkg.*;"));
    }
}
