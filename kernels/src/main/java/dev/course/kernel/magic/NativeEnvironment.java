package dev.course.kernel.magic;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The process's native environment, changed with the C library's {@code setenv} through the
 * foreign-function API (the kernel runs with {@code --enable-native-access}). Native code reads it;
 * Java's own {@code System.getenv} does not (it copied the environment at start-up).
 */
final class NativeEnvironment {

    private static final Optional<MethodHandle> SETENV = lookUpSetenv();

    private NativeEnvironment() {
    }

    /** Sets a variable; false if this platform has no {@code setenv} or it failed. */
    static boolean set(String name, String value) {
        if (SETENV.isEmpty()) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            int status = (int) SETENV.get().invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
            return status == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    private static Optional<MethodHandle> lookUpSetenv() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("setenv").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // no native access, or no C library to speak of
        }
    }
}
