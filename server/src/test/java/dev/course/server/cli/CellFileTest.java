package dev.course.server.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellFileTest {

    @Test
    void splitsOnSeparatorLinesAndDropsBlankCells() {
        String text = "int a = 1;\n//%%\n\n//%%\nSystem.out.println(a);\n  //%%  \r\nString s = \"//%% not a separator\";\n";
        assertEquals(List.of("int a = 1;", "System.out.println(a);", "String s = \"//%% not a separator\";"),
                CellFile.cells(text));
    }

    @Test
    void aFileWithoutSeparatorsIsOneCell() {
        assertEquals(List.of("1 + 1"), CellFile.cells("1 + 1\n"));
    }
}
