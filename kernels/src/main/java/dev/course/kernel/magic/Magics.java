package dev.course.kernel.magic;

import dev.course.kernel.jshell.CodeAssistant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The magics a kernel knows, by name. */
public final class Magics {

    private final Map<String, Magic> byName = new TreeMap<>();

    /** Adds magics; a name may be given once. */
    public Magics add(Magic... magics) {
        for (Magic magic : magics) {
            if (byName.putIfAbsent(magic.name(), magic) != null) {
                throw new IllegalArgumentException("two magics named " + magic.name());
            }
        }
        return this;
    }

    public Optional<Magic> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every magic, by name. */
    public Collection<Magic> all() {
        return byName.values();
    }

    /** {@code %name} of every line magic and {@code %%name} of every cell magic, by name. */
    public List<String> callableNames() {
        List<String> names = new ArrayList<>();
        byName.values().stream().filter(Magic::isLine).forEach(magic -> names.add("%" + magic.name()));
        byName.values().stream().filter(Magic::isCell).forEach(magic -> names.add("%%" + magic.name()));
        return names;
    }

    /**
     * Completes a magic's name when the cursor is in one at the start of a line ({@code %cl|} →
     * {@code %classpath}, {@code %t|} → {@code %time}, {@code %%time}): the matches replace the name
     * with its percent signs.
     *
     * @return empty if the cursor is not in a magic's name
     */
    public Optional<CodeAssistant.Completion> complete(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String beforeCursor = code.substring(lineStart, cursor);
        String typed = beforeCursor.stripLeading();
        if (!typed.startsWith("%") || !typed.matches("%%?[A-Za-z0-9_]*")) {
            return Optional.empty();
        }
        // "%t" offers %%time too (a cell magic is typed with one % before the second); "%%t" only cell magics.
        String prefix = typed.startsWith("%%") ? typed : "%" + typed;
        List<String> matches = callableNames().stream()
                .filter(name -> name.startsWith(typed) || name.startsWith(prefix))
                .toList();
        return Optional.of(new CodeAssistant.Completion(matches, cursor - typed.length(), cursor));
    }

    /** The magic of a call, or an error naming the magics there are. */
    Magic require(MagicCell.Call call, boolean asCell) throws MagicException {
        String prefix = asCell ? "%%" : "%";
        Magic magic = find(call.name()).orElseThrow(() -> new MagicException(
                "line " + call.line() + ": there is no magic " + prefix + call.name() + "; %lsmagic lists them"));
        if (asCell && !magic.isCell()) {
            throw new MagicException("%" + call.name() + " is a line magic: write it with one % (" + magic.usage() + ")");
        }
        if (!asCell && !magic.isLine()) {
            throw new MagicException("%" + call.name() + " is a cell magic: write " + magic.usage()
                    + " as the first line of the cell");
        }
        return magic;
    }
}
