package dev.course.kernel.install;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a kernelspec is called and how it starts the kernel.
 *
 * @param name        the kernelspec's directory name, which is the kernel's name in Jupyter
 *                    ({@code jupyter console --kernel NAME}); letters, digits, {@code . _ -}
 * @param displayName what Jupyter's launcher and kernel menu show
 * @param env         environment variables Jupyter sets for the kernel (kernel.json's {@code env})
 * @param jvmOptions  JVM options after {@link dev.course.kernel.protocol.KernelLaunch#JVM_FLAGS}, such as {@code -Xmx2g}
 * @param replace     whether an installed kernelspec of that name may be overwritten
 */
public record KernelSpecOptions(String name, String displayName, Map<String, String> env, List<String> jvmOptions,
        boolean replace) {

    /** Jupyter's own rule for kernel names (jupyter_client's {@code _kernel_name_pat}). */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Options that would replace the kernel's class path or main class. */
    private static final List<String> CLASS_PATH_OPTIONS = List.of("-cp", "-classpath", "--class-path", "-jar");

    /** The course's kernel, installed once: {@code course-java}, "Java (course)". */
    public static final KernelSpecOptions DEFAULTS =
            new KernelSpecOptions(KernelSpec.NAME, KernelSpec.DISPLAY_NAME, Map.of(), List.of(), false);

    public KernelSpecOptions {
        checkName(name);
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("the display name must not be empty");
        }
        for (String variable : env.keySet()) {
            if (!ENV_NAME.matcher(variable).matches()) {
                throw new IllegalArgumentException("not an environment variable name: '" + variable + "' (write --env NAME=VALUE)");
            }
        }
        for (String option : jvmOptions) {
            if (!option.startsWith("-") || CLASS_PATH_OPTIONS.contains(option)) {
                throw new IllegalArgumentException("--jvm-option takes one JVM option such as -Xmx2g, not '" + option
                        + "' (the class path and main class are the kernel's own)");
            }
        }
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The name, if Jupyter accepts it as a kernel name (which also keeps it a single path segment). */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("a kernel name may hold letters, digits, '.', '_' and '-' only: " + name);
        }
        return name;
    }

    public KernelSpecOptions withName(String newName) {
        return new KernelSpecOptions(newName, displayName, env, jvmOptions, replace);
    }

    public KernelSpecOptions withDisplayName(String newDisplayName) {
        return new KernelSpecOptions(name, newDisplayName, env, jvmOptions, replace);
    }

    public KernelSpecOptions withEnv(Map<String, String> newEnv) {
        return new KernelSpecOptions(name, displayName, newEnv, jvmOptions, replace);
    }

    public KernelSpecOptions withJvmOptions(List<String> newJvmOptions) {
        return new KernelSpecOptions(name, displayName, env, newJvmOptions, replace);
    }

    public KernelSpecOptions withReplace(boolean newReplace) {
        return new KernelSpecOptions(name, displayName, env, jvmOptions, newReplace);
    }
}
