package dev.course.kernel.dependencies;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A remote Maven repository: an id (used in messages and in the local repository's bookkeeping) and
 * an {@code https:}, {@code http:} or {@code file:} URL.
 */
public record Repository(String id, String url) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** Maven Central, where {@code %maven} looks unless told otherwise. */
    public static final Repository CENTRAL = new Repository("central", "https://repo.maven.apache.org/maven2/");

    public Repository {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a repository id is letters, digits, '.', '_' and '-': " + id);
        }
        String scheme = url == null ? null : URI.create(url).getScheme();
        if (scheme == null || !List.of("https", "http", "file").contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("a repository URL starts with https:, http: or file: " + url);
        }
    }

    /**
     * Repositories written as {@code id=url,id=url} (a bare URL gets an id from its position), as the
     * system property {@code course.kernel.mavenRepositories} takes them.
     */
    public static List<Repository> parseList(String text) {
        List<Repository> repositories = new ArrayList<>();
        for (String item : text.split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            repositories.add(equals > 0
                    ? new Repository(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip())
                    : new Repository("repository-" + (repositories.size() + 1), entry));
        }
        return repositories;
    }
}
