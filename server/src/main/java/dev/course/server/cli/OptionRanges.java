package dev.course.server.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Number options checked where they are parsed, so that {@code --k 0} or {@code --port 99999} is
 * refused with the option's name before a command starts any work. Use them as an option's
 * {@code converter}: {@code @Option(names = "--k", converter = OptionRanges.AtLeastOne.class)}.
 */
final class OptionRanges {

    private OptionRanges() {
    }

    /** The highest TCP port. */
    static final int MAX_PORT = 65_535;

    /** A TCP port, 1 to 65535, or 0 for "any free port". */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long port = parse(value);
            if (port < 0 || port > MAX_PORT) {
                throw new TypeConversionException(port + " is not a TCP port: choose one from 1 to " + MAX_PORT
                        + " (0 picks a free one)");
            }
            return (int) port;
        }
    }

    /** A count that must be at least 1 (hits, runs, learners). */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Math.toIntExact(atLeast(1, value));
        }
    }

    /** A count that may be 0 (warm kernels, warm-up cells) but not negative. */
    static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Math.toIntExact(atLeast(0, value));
        }
    }

    /** A duration in seconds or minutes that must be at least 1. */
    static final class AtLeastOneLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return atLeast(1, value);
        }
    }

    private static long atLeast(long min, String value) {
        long n = parse(value);
        if (n < min) {
            throw new TypeConversionException("must be at least " + min + ", not " + n);
        }
        if (n > Integer.MAX_VALUE) {
            throw new TypeConversionException(n + " is too large");
        }
        return n;
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }
}
