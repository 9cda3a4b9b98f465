package dev.course.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.course.kernel.KernelMain;
import org.junit.jupiter.api.Test;

class KernelLaunchTest {

    @Test
    void theMainClassNamedInTheContractIsTheKernelsMain() {
        assertEquals(KernelMain.class.getName(), KernelLaunch.MAIN_CLASS);
    }
}
